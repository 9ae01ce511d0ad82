/*
 * lwip_listener: runs lwIP (Debian's liblwip, its unix port with pthreads and the tapif
 * netif) on an existing TAP device, with one TCP listener that accepts and closes.
 * Used by tools/stacks/userspace-lwip.sh to measure lwIP's TCP/IP stack with whorl -O.
 *
 *   lwip_listener TAPNAME ADDRESS NETMASK PORT
 *
 * The TAP device must exist already in the caller's network namespace (ip tuntap add
 * TAPNAME mode tap): PRECONFIGURED_TAPIF makes tapif attach to it by name and run no
 * ifconfig. lwIP gets ADDRESS/NETMASK and no gateway: it answers only on the TAP's link.
 */
#include <lwip/api.h>
#include <lwip/init.h>
#include <lwip/ip4_addr.h>
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
    if (argc != 5) {
        fprintf(stderr, "usage: %s TAPNAME ADDRESS NETMASK PORT\n", argv[0]);
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
    UNLOCK_TCPIP_CORE();

    struct netconn *listener = netconn_new(NETCONN_TCP);
    if (!listener || netconn_bind(listener, IP_ADDR_ANY, (u16_t)port) != ERR_OK ||
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
