/*
 * slirp_tap: runs libslirp (Debian's libslirp0, the library slirp4netns and QEMU's user
 * networking use) on an existing TAP device, with the IPv6 prefix given on the command line.
 * Used by tools/stacks/ipv6-os.sh to measure libslirp's IPv6 answers: slirp4netns 1.2.0
 * hard-codes libslirp's IPv6 prefix to fd00::/64 (gateway fd00::2), outside the lab's
 * 2001:db8::/32, so it cannot be used for that; everything else is configured as
 * slirp4netns configures it (its main.c: --cidr network with the gateway at .2, DNS off,
 * MTU/MRU 1500, not restricted, host loopback allowed).
 *
 *   slirp_tap TAPNAME IPV4_NETWORK IPV4_NETMASK IPV6_PREFIX [TAP_NETNS]
 *   e.g. slirp_tap slirp0 198.51.100.0 255.255.255.0 2001:db8:: /run/netns/lab-scan
 *
 * The TAP device must exist already (ip tuntap add TAPNAME mode tap), in the network
 * namespace TAP_NETNS (a path, as slirp4netns's --netns-type=path) or else in the caller's;
 * libslirp's own sockets are made in the caller's namespace, as slirp4netns does. libslirp answers for the gateway (network .2 and PREFIX::2, prefix
 * length 64): ARP and neighbor discovery, ICMP and ICMPv6 echo, and TCP, whose connections
 * to the gateway it makes as sockets of its own to the host's loopback (127.0.0.1 or ::1,
 * in the namespace this program runs in). It also sends router advertisements for PREFIX
 * (the lab's scanner accepts none).
 */
#define _GNU_SOURCE /* setns, CLONE_NEWNET */
#include <slirp/libslirp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static int tap_fd = -1;

struct timer {
    SlirpTimerCb cb;
    void *cb_opaque;
    int64_t expire_ms; /* -1: not armed */
    struct timer *next;
};
static struct timer *timers;

static struct pollfd fds[256];
static int nfds;

static ssize_t send_packet(const void *buf, size_t len, void *opaque)
{
    (void)opaque;
    return write(tap_fd, buf, len);
}

static void guest_error(const char *msg, void *opaque)
{
    (void)opaque;
    fprintf(stderr, "slirp_tap: guest error: %s\n", msg);
}

static int64_t clock_get_ns(void *opaque)
{
    (void)opaque;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    (void)opaque;
    struct timer *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->cb = cb;
    t->cb_opaque = cb_opaque;
    t->expire_ms = -1;
    t->next = timers;
    timers = t;
    return t;
}

static void timer_free(void *timer, void *opaque)
{
    (void)opaque;
    for (struct timer **p = &timers; *p; p = &(*p)->next)
        if (*p == timer) {
            *p = (*p)->next;
            free(timer);
            return;
        }
}

static void timer_mod(void *timer, int64_t expire_time, void *opaque)
{
    (void)opaque;
    ((struct timer *)timer)->expire_ms = expire_time;
}

static void register_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }
static void unregister_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }
static void notify(void *opaque) { (void)opaque; }

static int add_poll(int fd, int events, void *opaque)
{
    (void)opaque;
    if (nfds == (int)(sizeof fds / sizeof fds[0])) abort();
    short ev = 0;
    if (events & SLIRP_POLL_IN) ev |= POLLIN;
    if (events & SLIRP_POLL_OUT) ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI) ev |= POLLPRI;
    fds[nfds].fd = fd;
    fds[nfds].events = ev;
    fds[nfds].revents = 0;
    return nfds++;
}

static int get_revents(int idx, void *opaque)
{
    (void)opaque;
    short r = fds[idx].revents;
    int ev = 0;
    if (r & POLLIN) ev |= SLIRP_POLL_IN;
    if (r & POLLOUT) ev |= SLIRP_POLL_OUT;
    if (r & POLLPRI) ev |= SLIRP_POLL_PRI;
    if (r & POLLERR) ev |= SLIRP_POLL_ERR;
    if (r & POLLHUP) ev |= SLIRP_POLL_HUP;
    return ev;
}

static int open_tap(const char *name)
{
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int open_tap_in(const char *name, const char *netns)
{
    int self = -1, target = -1;
    if (netns) {
        self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        target = open(netns, O_RDONLY | O_CLOEXEC);
        if (self < 0 || target < 0 || setns(target, CLONE_NEWNET) < 0) return -1;
        close(target);
    }
    int fd = open_tap(name);
    int saved = errno;
    if (netns) {
        if (setns(self, CLONE_NEWNET) < 0) abort();
        close(self);
    }
    errno = saved;
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: %s TAPNAME IPV4_NETWORK IPV4_NETMASK IPV6_PREFIX [TAP_NETNS]\n", argv[0]);
        return 2;
    }
    SlirpConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.version = 3; /* disable_dns */
    cfg.restricted = 0;
    cfg.in_enabled = true;
    cfg.in6_enabled = true;
    if (!inet_pton(AF_INET, argv[2], &cfg.vnetwork) || !inet_pton(AF_INET, argv[3], &cfg.vnetmask) ||
        !inet_pton(AF_INET6, argv[4], &cfg.vprefix_addr6)) {
        fprintf(stderr, "slirp_tap: bad address\n");
        return 2;
    }
    uint32_t net = ntohl(cfg.vnetwork.s_addr);
    cfg.vhost.s_addr = htonl(net + 2);
    cfg.vdhcp_start.s_addr = htonl(net + 15);
    cfg.vnameserver.s_addr = htonl(net + 3);
    cfg.vprefix_len = 64;
    cfg.vhost6 = cfg.vprefix_addr6;
    cfg.vhost6.s6_addr[15] = 2;
    cfg.vnameserver6 = cfg.vprefix_addr6;
    cfg.vnameserver6.s6_addr[15] = 3;
    cfg.vhostname = "slirp_tap";
    cfg.if_mtu = 1500;
    cfg.if_mru = 1500;
    cfg.disable_host_loopback = false;
    cfg.enable_emu = false;
    cfg.disable_dns = true;

    tap_fd = open_tap_in(argv[1], argc == 6 ? argv[5] : NULL);
    if (tap_fd < 0) {
        fprintf(stderr, "slirp_tap: cannot attach to TAP %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    static const SlirpCb cb = {
        .send_packet = send_packet,
        .guest_error = guest_error,
        .clock_get_ns = clock_get_ns,
        .timer_new = timer_new,
        .timer_free = timer_free,
        .timer_mod = timer_mod,
        .register_poll_fd = register_poll_fd,
        .unregister_poll_fd = unregister_poll_fd,
        .notify = notify,
    };
    Slirp *slirp = slirp_new(&cfg, &cb, NULL);
    if (!slirp) {
        fprintf(stderr, "slirp_tap: slirp_new failed\n");
        return 1;
    }
    char gw4[INET_ADDRSTRLEN], gw6[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET, &cfg.vhost, gw4, sizeof gw4);
    inet_ntop(AF_INET6, &cfg.vhost6, gw6, sizeof gw6);
    printf("libslirp %s on %s: gateway %s and %s\n", slirp_version_string(), argv[1], gw4, gw6);
    fflush(stdout);

    static uint8_t frame[65536];
    for (;;) {
        uint32_t timeout = 1000;
        int64_t now_ms = clock_get_ns(NULL) / 1000000;
        for (struct timer *t = timers; t; t = t->next)
            if (t->expire_ms >= 0) {
                int64_t left = t->expire_ms - now_ms;
                if (left < 0) left = 0;
                if (left < timeout) timeout = (uint32_t)left;
            }
        nfds = 0;
        add_poll(tap_fd, SLIRP_POLL_IN, NULL);
        slirp_pollfds_fill(slirp, &timeout, add_poll, NULL);
        int r = poll(fds, nfds, (int)timeout);
        if (r < 0 && errno != EINTR) {
            perror("slirp_tap: poll");
            return 1;
        }
        if (r > 0 && (fds[0].revents & POLLIN))
            for (;;) {
                ssize_t n = read(tap_fd, frame, sizeof frame);
                if (n <= 0) break;
                slirp_input(slirp, frame, (int)n);
            }
        slirp_pollfds_poll(slirp, r < 0, get_revents, NULL);
        now_ms = clock_get_ns(NULL) / 1000000;
        for (struct timer *t = timers; t; t = t->next)
            if (t->expire_ms >= 0 && t->expire_ms <= now_ms) {
                t->expire_ms = -1;
                t->cb(t->cb_opaque);
                break; /* the callback may have changed the list */
            }
    }
}
