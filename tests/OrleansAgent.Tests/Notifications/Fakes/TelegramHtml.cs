using System.Net;
using System.Text.RegularExpressions;

namespace OrleansAgent.Tests.Notifications.Fakes;

/// <summary>
/// Telegram's rules for HTML parse mode: only a few tags, properly nested, and every <c>&lt;</c>, <c>&gt;</c>
/// and <c>&amp;</c> outside a tag written as an entity (named entities limited to lt, gt, amp and quot).
/// </summary>
public static partial class TelegramHtml
{
    private static readonly HashSet<string> AllowedTags =
        ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote"];

    /// <summary>Returns why Telegram would reject <paramref name="html"/>, or null when it parses.</summary>
    public static string? FindError(string html)
    {
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            switch (html[i])
            {
                case '<':
                    var tag = TagRegex().Match(html, i);
                    if (!tag.Success || tag.Index != i)
                    {
                        return $"unsupported start tag at byte offset {i}";
                    }

                    var name = tag.Groups["name"].Value;
                    if (!AllowedTags.Contains(name))
                    {
                        return $"unsupported start tag \"{name}\" at byte offset {i}";
                    }

                    if (tag.Groups["close"].Success)
                    {
                        if (open.Count == 0 || open.Pop() != name)
                        {
                            return $"unmatched end tag at byte offset {i}";
                        }
                    }
                    else
                    {
                        open.Push(name);
                    }

                    i += tag.Length;
                    break;
                case '>':
                    return $"unexpected '>' at byte offset {i}";
                case '&':
                    var entity = EntityRegex().Match(html, i);
                    if (!entity.Success || entity.Index != i)
                    {
                        return $"unsupported entity at byte offset {i}";
                    }

                    i += entity.Length;
                    break;
                default:
                    i++;
                    break;
            }
        }

        return open.Count == 0 ? null : $"can't find end tag corresponding to start tag \"{open.Peek()}\"";
    }

    /// <summary>Returns the text Telegram shows: tags removed and entities decoded.</summary>
    public static string StripTags(string html) => WebUtility.HtmlDecode(TagRegex().Replace(html, ""));

    [GeneratedRegex("""<(?<close>/)?(?<name>[a-z-]+)(\s+[a-z-]+="[^"<>]*")*\s*>""")]
    private static partial Regex TagRegex();

    [GeneratedRegex("&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")]
    private static partial Regex EntityRegex();
}
