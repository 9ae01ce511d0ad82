// ns3_listener: one ns-3 node whose TCP/IP stack (ns-3's own Ipv4L3Protocol, TcpL4Protocol,
// Icmpv4L4Protocol, UdpL4Protocol) answers on an existing TAP device, in real time, with a
// TCP sink (ns3::PacketSink) listening on one port. Used by tools/stacks/userspace-ns3.sh
// to measure ns-3's stack with whorl -O.
//
//   ns3_listener TAPNAME ADDRESS PREFIXLEN PORT [SECONDS]
//
// The TAP device must exist already in the caller's network namespace (ip tuntap add
// TAPNAME mode tap); this program attaches to it (TUNSETIFF, IFF_TAP | IFF_NO_PI) and hands
// the descriptor to an FdNetDevice in DIX mode. The node has ADDRESS/PREFIXLEN and no
// gateway: it answers only on the TAP's link.
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace ns3;

static int
OpenTap(const char* name)
{
    int fd = open("/dev/net/tun", O_RDWR);
    if (fd < 0)
    {
        perror("open /dev/net/tun");
        return -1;
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
    {
        perror("TUNSETIFF");
        close(fd);
        return -1;
    }
    return fd;
}

int
main(int argc, char** argv)
{
    if (argc < 5)
    {
        std::fprintf(stderr, "usage: %s TAPNAME ADDRESS PREFIXLEN PORT [SECONDS]\n", argv[0]);
        return 2;
    }
    const char* tap = argv[1];
    Ipv4Address address(argv[2]);
    int prefix = std::atoi(argv[3]);
    uint16_t port = static_cast<uint16_t>(std::atoi(argv[4]));
    double seconds = argc > 5 ? std::atof(argv[5]) : 3600.0;

    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    int fd = OpenTap(tap);
    if (fd < 0)
    {
        return 1;
    }

    NodeContainer nodes;
    nodes.Create(1);
    FdNetDeviceHelper fdHelper;
    NetDeviceContainer devices = fdHelper.Install(nodes.Get(0));
    Ptr<FdNetDevice> device = devices.Get(0)->GetObject<FdNetDevice>();
    device->SetEncapsulationMode(FdNetDevice::DIX);
    device->SetAddress(Mac48Address("02:00:5e:33:64:02"));
    device->SetFileDescriptor(fd);

    InternetStackHelper internet;
    internet.SetIpv6StackInstall(false);
    internet.Install(nodes);
    Ptr<Ipv4> ipv4 = nodes.Get(0)->GetObject<Ipv4>();
    uint32_t ifIndex = ipv4->AddInterface(device);
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(address, Ipv4Mask(("/" + std::to_string(prefix)).c_str())));
    ipv4->SetMetric(ifIndex, 1);
    ipv4->SetUp(ifIndex);

    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer apps = sink.Install(nodes.Get(0));
    apps.Start(Seconds(0.0));
    apps.Stop(Seconds(seconds));

    std::printf("ns-3 node %s/%d listening on TCP %u (%s)\n", argv[2], prefix, port, tap);
    std::fflush(stdout);
    Simulator::Stop(Seconds(seconds));
    Simulator::Run();
    Simulator::Destroy();
    return 0;
}
