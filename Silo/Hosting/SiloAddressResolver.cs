using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace OrleansAgent.Silo.Hosting;

/// <summary>
/// Finds the address a clustered silo advertises to the others. Membership stores this address, and every other
/// silo dials it, so it must be the address of this replica on the shared network, never a loopback or a name.
/// </summary>
public static class SiloAddressResolver
{
    /// <summary>Set by Azure Container Apps in every replica; its presence means "use this replica's own IP".</summary>
    public const string ContainerAppReplicaVariable = "CONTAINER_APP_REPLICA_NAME";

    /// <summary>
    /// Returns <c>AdvertisedAddress</c> when set; inside Container Apps the replica's own IPv4 address; otherwise
    /// throws, naming the setting to give.
    /// </summary>
    public static IPAddress Resolve(ClusterIdentityOptions identity, Func<string, string?> environment, Func<IEnumerable<IPAddress>> localAddresses)
    {
        if (!string.IsNullOrWhiteSpace(identity.AdvertisedAddress))
        {
            return IPAddress.Parse(identity.AdvertisedAddress);
        }

        var replica = environment(ContainerAppReplicaVariable);
        if (string.IsNullOrWhiteSpace(replica))
        {
            throw new InvalidOperationException(
                $"{ClusterIdentityOptions.SectionName}:AdvertisedAddress is empty and {ContainerAppReplicaVariable} is not set. "
                + $"With {StorageOptions.SectionName}:UseRedisClustering the silo must advertise an address the other silos reach: "
                + "set AdvertisedAddress to this machine's IP (127.0.0.1 when every silo runs on one machine).");
        }

        return localAddresses().FirstOrDefault(IsRoutableIPv4)
            ?? throw new InvalidOperationException(
                $"Replica {replica} has no non-loopback IPv4 address to advertise; set {ClusterIdentityOptions.SectionName}:AdvertisedAddress.");
    }

    /// <summary>The unicast addresses of the network interfaces that are up.</summary>
    public static IEnumerable<IPAddress> InterfaceAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address);

    private static bool IsRoutableIPv4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address) && !IsLinkLocal(address);

    private static bool IsLinkLocal(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }
}
