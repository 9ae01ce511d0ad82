/*
 * lwip_listener: runs lwIP (Debian's liblwip, its unix port with pthreads and the tapif
 * netif) on an existing TAP device, with one TCP listener that accepts and closes.
 * Used by tools/stacks/userspace-lwip.sh to measure lwIP's TCP/IP stack with whorl -O.
 *
 *   lwip_listener TAPNAME ADDRESS NETMASK PORT [ADDRESS6]
 *
 * The TAP device must exist already in the caller's network namespace (ip tuntap add
 * TAPNAME mode tap): PRECONFIGURED_TAPIF makes tapif attach to it by name and run no
 * ifconfig. lwIP gets ADDRESS/NETMASK and no gateway: it answers only on the TAP's link.
 * With ADDRESS6 (tools/stacks/ipv6-os.sh) lwIP also has that IPv6 address, preferred at once
 * (no duplicate address detection, no link-local address, no router), and the listener is
 * lwIP's dual-stack one (an IPv6 netconn bound to IP6_ADDR_ANY, which lwIP turns into
 * IP_ANY_TYPE); without it everything is as it was: IPv4 only.
 */
#include <lwip/api.h>
#include <lwip/init.h>
#include <lwip/ip4_addr.h>
#include <lwip/ip6_addr.h>
#include <lwip/netif.h>
#include <lwip/sys.h>
#include <lwip/tcpip.h>
#include <netif/tapif.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static struct netif tap_netif;

static void tcpip_ready(void *arg) { sys_sem_signal((sys_sem_t *)arg); }

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: %s TAPNAME ADDRESS NETMASK PORT [ADDRESS6]\n", argv[0]);
        return 2;
    }
    ip6_addr_t addr6;
    if (argc == 6 && !ip6addr_aton(argv[5], &addr6)) {
        fprintf(stderr, "bad IPv6 address\n");
        return 2;
    }
    ip4_addr_t addr, mask, gw;
    if (!ip4addr_aton(argv[2], &addr) || !ip4addr_aton(argv[3], &mask)) {
        fprintf(stderr, "bad address or netmask\n");
        return 2;
    }
    ip4_addr_set_zero(&gw);
    int port = atoi(argv[4]);
    setenv("PRECONFIGURED_TAPIF", argv[1], 1);

    sys_sem_t ready;
    if (sys_sem_new(&ready, 0) != ERR_OK) return 1;
    tcpip_init(tcpip_ready, &ready);
    sys_sem_wait(&ready);

    LOCK_TCPIP_CORE();
    if (!netif_add(&tap_netif, &addr, &mask, &gw, NULL, tapif_init, tcpip_input)) {
        UNLOCK_TCPIP_CORE();
        fprintf(stderr, "netif_add failed\n");
        return 1;
    }
    netif_set_default(&tap_netif);
    netif_set_up(&tap_netif);
    if (argc == 6) {
        s8_t idx;
        /* tapif sets no NETIF_FLAG_MLD6; without it lwIP joins no solicited-node group and
         * drops the neighbor solicitations for its address */
        tap_netif.flags |= NETIF_FLAG_MLD6;
        if (netif_add_ip6_address(&tap_netif, &addr6, &idx) != ERR_OK) {
            UNLOCK_TCPIP_CORE();
            fprintf(stderr, "netif_add_ip6_address failed\n");
            return 1;
        }
        netif_ip6_addr_set_state(&tap_netif, idx, IP6_ADDR_PREFERRED);
    }
    UNLOCK_TCPIP_CORE();

    struct netconn *listener = netconn_new(argc == 6 ? NETCONN_TCP_IPV6 : NETCONN_TCP);
    if (!listener || netconn_bind(listener, argc == 6 ? IP6_ADDR_ANY : IP_ADDR_ANY, (u16_t)port) != ERR_OK ||
        netconn_listen(listener) != ERR_OK) {
        fprintf(stderr, "listen on port %d failed\n", port);
        return 1;
    }
    printf("lwIP %s listening on %s:%d (%s)\n", LWIP_VERSION_STRING, argv[2], port, argv[1]);
    fflush(stdout);
    for (;;) {
        struct netconn *conn;
        if (netconn_accept(listener, &conn) == ERR_OK) {
            netconn_close(conn);
            netconn_delete(conn);
        }
    }
}
