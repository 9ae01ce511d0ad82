// The scanner fleet on real NATS (issue 16): nats-server -js in lab namespaces, listening on
// lab addresses only, workers each in a namespace of their own on the lab's link, every
// host's result collected with `whorl results`. (a) three workers drain a queue of twelve
// hosts, each host's result once; (b) a worker killed (SIGKILL) mid-block: its block goes
// to another worker after the acknowledgement wait, the hosts it had published are dropped
// as duplicates, each host once; (c) a three-node cluster loses a node mid-run, each host
// once; (d) a worker stopped with SIGTERM hands its block back at once. Scans are -p 22
// (or a slow -p 1-N where a run must last), no -O: seconds each.
#include <cstdio>
#include <map>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "support/external_tools.hpp"
#include "support/fixtures.hpp"
#include "support/nats_server.hpp"
#include "support/root.hpp"
#include "support/whorl_binary.hpp"

namespace whorl {
namespace {

std::unique_ptr<lab::Lab> fleet_lab(std::size_t targets, std::size_t others) {
    lab::HostSpec target;
    target.open_tcp = {22};
    std::vector<lab::HostSpec> hosts(targets, target);
    hosts.resize(targets + others);  // worker and NATS namespaces: nothing listening
    auto l = lab::Lab::create({hosts});
    if (!l) {
        ADD_FAILURE() << l.error().describe();
        return nullptr;
    }
    return std::move(*l);
}

std::string fleet_range(std::size_t targets) {  // 198.51.100.2-(1+targets)
    return lab::Lab::host_v4(0).to_string() + "-" + std::to_string(1 + targets);
}

// The shell words of a worker in namespace `ns`, its output in `out`.
std::string fleet_worker_command(const std::string& ns, const std::string& url, const std::string& queue,
                                 const std::string& flags, const std::string& out) {
    return fmt::format("ip netns exec {} {} {} --jetstream {} --queue {} > {} 2>&1", ns, test::kWhorlBinary, flags,
                       url, queue, report::test::shell_quote(out));
}

std::string fleet_results_command(const std::string& ns, const std::string& url, const std::string& queue) {
    return fmt::format("ip netns exec {} {} results --jetstream {} --queue {}", ns, test::kWhorlBinary, url, queue);
}

// Every target once, nothing else.
void expect_each_host_once(const std::vector<test::FleetResultLine>& lines, std::size_t targets) {
    std::map<std::string, int> seen;
    for (const auto& r : lines) ++seen[r.address];
    EXPECT_EQ(lines.size(), targets);
    for (std::size_t i = 0; i < targets; ++i) {
        const std::string a = lab::Lab::host_v4(i).to_string();
        EXPECT_EQ(seen[a], 1) << a;
        seen.erase(a);
    }
    EXPECT_TRUE(seen.empty()) << seen.begin()->first;
    for (const auto& r : lines) {
        EXPECT_EQ(r.status, "up") << r.address;
        EXPECT_EQ(r.open_ports, std::vector<std::uint16_t>{22}) << r.address;
    }
}

class ScannerFleet : public ::testing::Test {
protected:
    void SetUp() override {
        WHORL_REQUIRE_ROOT();
        ASSERT_FALSE(dir_.path().empty());
    }
    // Runs a shell script; its standard output.
    std::string script(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(120)) {
        auto r = lab::run_command({"sh", "-c", text}, timeout);
        EXPECT_TRUE(r) << (r ? "" : r.error().describe());
        if (!r) return {};
        EXPECT_FALSE(r->timed_out) << r->out << r->err;
        return r->out;
    }
    std::vector<test::FleetResultLine> results(const std::string& ns, const std::string& url, const std::string& queue) {
        auto r = lab::run_command({"sh", "-c", fleet_results_command(ns, url, queue)}, std::chrono::seconds(60));
        EXPECT_TRUE(r && r->exit_status == 0) << (r ? r->err : r.error().describe());
        return r ? test::fleet_result_lines(r->out) : std::vector<test::FleetResultLine>{};
    }
    std::string submit(const std::string& ns, const std::string& url, const std::string& args) {
        auto out = script(fmt::format("ip netns exec {} {} submit --jetstream {} {}; echo status=$?", ns,
                                      test::kWhorlBinary, url, args));
        EXPECT_NE(out.find("status=0"), std::string::npos) << out;
        return out;
    }
    report::test::ScratchDir dir_;  // first: removed after the servers stop
};

TEST_F(ScannerFleet, WorkersInThreeNamespacesDrainTheQueueEachHostOnce) {
    constexpr std::size_t kTargets = 12, kWorkers = 3;
    auto lab = fleet_lab(kTargets, kWorkers);
    ASSERT_TRUE(lab);
    auto nats = test::NatsServer::start({lab->scanner_namespace(), lab::Lab::scanner_v4().to_string(), 4222, "n0", {}},
                                        dir_.path());
    ASSERT_TRUE(nats) << nats.error().describe();
    ASSERT_TRUE((*nats)->wait_ready(std::chrono::seconds(10)));
    const std::string url = (*nats)->url();
    auto submitted = submit(lab->scanner_namespace(), url, "--queue lab --block-size 2 " + fleet_range(kTargets));
    EXPECT_NE(submitted.find("12 targets in 6 blocks of up to 2"), std::string::npos) << submitted;
    std::string run;
    for (std::size_t w = 0; w < kWorkers; ++w)
        run += fleet_worker_command(lab->host_namespace(kTargets + w), url, "lab", "-n -Pn -p 22 --max-retries 0",
                                    fmt::format("{}/w{}", dir_.path(), w)) +
               fmt::format(" & p{}=$!; ", w);
    for (std::size_t w = 0; w < kWorkers; ++w) run += fmt::format("wait $p{}; echo w{}=$?; ", w, w);
    const std::string statuses = script(run);
    std::size_t blocks = 0;
    for (std::size_t w = 0; w < kWorkers; ++w) {
        EXPECT_NE(statuses.find(fmt::format("w{}=0", w)), std::string::npos) << statuses;
        const std::string out = test::file_text(fmt::format("{}/w{}", dir_.path(), w));
        EXPECT_NE(out.find("the queue is done"), std::string::npos) << out;
        for (auto at = out.find("block "); at != std::string::npos; at = out.find("block ", at + 1)) ++blocks;
    }
    EXPECT_EQ(blocks, 6u) << statuses;
    auto lines = results(lab->scanner_namespace(), url, "lab");
    expect_each_host_once(lines, kTargets);
    for (const auto& r : lines) EXPECT_EQ(r.delivery, 1u) << r.address;
}

TEST_F(ScannerFleet, AWorkerKilledMidBlockLosesNothing) {
    constexpr std::size_t kTargets = 8;
    auto lab = fleet_lab(kTargets, 3);
    ASSERT_TRUE(lab);
    auto nats = test::NatsServer::start({lab->scanner_namespace(), lab::Lab::scanner_v4().to_string(), 4222, "n0", {}},
                                        dir_.path());
    ASSERT_TRUE(nats) << nats.error().describe();
    ASSERT_TRUE((*nats)->wait_ready(std::chrono::seconds(10)));
    const std::string url = (*nats)->url();
    submit(lab->scanner_namespace(), url, "--queue kill --block-size 4 --ack-wait 2s " + fleet_range(kTargets));
    // Worker A scans one host at a time, slowly (40 ports 30 ms apart): once its first host's
    // result is stored, it is killed with three hosts of its block to go. Then B and C.
    const std::string slow = "-n -Pn -p 1-40 --max-retries 0 --scan-delay 30ms --max-hostgroup 1";
    const std::string fast = "-n -Pn -p 22 --max-retries 0";
    const std::string run =
        fleet_worker_command(lab->host_namespace(kTargets), url, "kill", slow, dir_.path() + "/a") + " & a=$!; " +
        "for i in $(seq 300); do n=$(" + fleet_results_command(lab->scanner_namespace(), url, "kill") +
        " 2>/dev/null | wc -l); [ \"$n\" -ge 1 ] && break; sleep 0.1; done; kill -KILL $a; wait $a; echo a=$?; " +
        fleet_worker_command(lab->host_namespace(kTargets + 1), url, "kill", fast, dir_.path() + "/b") + " & b=$!; " +
        fleet_worker_command(lab->host_namespace(kTargets + 2), url, "kill", fast, dir_.path() + "/c") + " & c=$!; " +
        "wait $b; echo b=$?; wait $c; echo c=$?";
    const std::string statuses = script(run);
    EXPECT_NE(statuses.find("a=137"), std::string::npos) << statuses;  // killed, not finished
    EXPECT_NE(statuses.find("b=0"), std::string::npos) << statuses;
    EXPECT_NE(statuses.find("c=0"), std::string::npos) << statuses;
    const std::string others = test::file_text(dir_.path() + "/b") + test::file_text(dir_.path() + "/c");
    // The killed worker's block came again (delivery 2): what A had stored was dropped as
    // duplicates ("block ID: 4 hosts (4 up), delivery 2, S results stored, D duplicates").
    const auto again = others.find("delivery 2, ");
    ASSERT_NE(again, std::string::npos) << others;
    int stored = -1, duplicates = -1;
    ASSERT_EQ(std::sscanf(others.c_str() + again, "delivery 2, %d results stored, %d duplicates", &stored, &duplicates), 2)
        << others;
    EXPECT_GE(duplicates, 1) << others;
    EXPECT_EQ(stored + duplicates, 4) << others;
    auto lines = results(lab->scanner_namespace(), url, "kill");
    expect_each_host_once(lines, kTargets);
    // That block's hosts: A's (delivery 1) and the rest from its second delivery, each once.
    std::string twice;
    for (const auto& r : lines)
        if (r.delivery >= 2) twice = r.block;
    std::size_t from_a = 0, from_second = 0;
    for (const auto& r : lines)
        if (r.block == twice) ++(r.delivery == 1 ? from_a : from_second);
    EXPECT_EQ(from_a, static_cast<std::size_t>(duplicates)) << others;
    EXPECT_EQ(from_second, static_cast<std::size_t>(stored)) << others;
}

// SIGTERM (as Ctrl-C) mid-block: the worker stores its finished hosts, hands the block back
// and exits 130; with the 60 s default wait, the next worker has it at once.
TEST_F(ScannerFleet, AStoppedWorkerHandsItsBlockBack) {
    constexpr std::size_t kTargets = 4;
    auto lab = fleet_lab(kTargets, 2);
    ASSERT_TRUE(lab);
    auto nats = test::NatsServer::start({lab->scanner_namespace(), lab::Lab::scanner_v4().to_string(), 4222, "n0", {}},
                                        dir_.path());
    ASSERT_TRUE(nats) << nats.error().describe();
    ASSERT_TRUE((*nats)->wait_ready(std::chrono::seconds(10)));
    const std::string url = (*nats)->url();
    submit(lab->scanner_namespace(), url, "--queue stop --block-size 4 " + fleet_range(kTargets));
    const std::string slow = "-n -Pn -p 1-40 --max-retries 0 --scan-delay 30ms --max-hostgroup 1";
    const std::string run =
        fleet_worker_command(lab->host_namespace(kTargets), url, "stop", slow, dir_.path() + "/a") + " & a=$!; " +
        "for i in $(seq 300); do n=$(" + fleet_results_command(lab->scanner_namespace(), url, "stop") +
        " 2>/dev/null | wc -l); [ \"$n\" -ge 1 ] && break; sleep 0.1; done; kill -TERM $a; wait $a; echo a=$?; " +
        "s=$(date +%s); " +
        fleet_worker_command(lab->host_namespace(kTargets + 1), url, "stop", "-n -Pn -p 22 --max-retries 0",
                             dir_.path() + "/b") +
        "; echo b=$? after $(( $(date +%s) - s )) s";
    const std::string statuses = script(run);
    EXPECT_NE(statuses.find("a=130"), std::string::npos) << statuses;
    EXPECT_NE(statuses.find("b=0"), std::string::npos) << statuses;
    int seconds = 99;
    ASSERT_EQ(std::sscanf(statuses.c_str() + statuses.find("after "), "after %d s", &seconds), 1) << statuses;
    EXPECT_LT(seconds, 30) << statuses;  // not the 60 s wait
    EXPECT_NE(test::file_text(dir_.path() + "/a").find("interrupted, the block in hand handed back"), std::string::npos);
    const std::string b = test::file_text(dir_.path() + "/b");
    EXPECT_NE(b.find("delivery 2, "), std::string::npos) << b;
    EXPECT_EQ(b.find(" 0 duplicates"), std::string::npos) << b;
    expect_each_host_once(results(lab->scanner_namespace(), url, "stop"), kTargets);
}

TEST_F(ScannerFleet, AClusterNodeStoppedMidRunLosesNothing) {
    constexpr std::size_t kTargets = 8;
    auto lab = fleet_lab(kTargets, 5);  // three NATS nodes, two workers
    ASSERT_TRUE(lab);
    std::vector<std::string> addresses;
    for (std::size_t n = 0; n < 3; ++n) addresses.push_back(lab::Lab::host_v4(kTargets + n).to_string());
    std::vector<std::unique_ptr<test::NatsServer>> nodes;
    std::string urls;
    for (std::size_t n = 0; n < 3; ++n) {
        std::vector<std::string> peers;
        for (std::size_t m = 0; m < 3; ++m)
            if (m != n) peers.push_back(addresses[m]);
        auto node = test::NatsServer::start(
            {lab->host_namespace(kTargets + n), addresses[n], 4222, fmt::format("n{}", n), peers}, dir_.path());
        ASSERT_TRUE(node) << node.error().describe();
        urls += (urls.empty() ? "" : ",") + (*node)->url();
        nodes.push_back(std::move(*node));
    }
    for (auto& n : nodes) ASSERT_TRUE(n->wait_ready(std::chrono::seconds(30))) << n->log();
    submit(lab->scanner_namespace(), urls,
           "--queue cluster --replicas 3 --block-size 2 --ack-wait 3s " + fleet_range(kTargets));
    // Two workers at 0.6 s a host. Once the first result is stored, the node the first
    // worker is connected to (its TCP peer on port 4222) stops.
    const std::string flags = "-n -Pn -p 1-30 --max-retries 0 --scan-delay 20ms --max-hostgroup 1";
    std::string stop_its_server = fmt::format(
        "peer=$(ip netns exec {} ss -Htn state established '( dport = :4222 )' | awk '{{print $4}}' | head -1); "
        "case \"$peer\" in ",
        lab->host_namespace(kTargets + 3));
    for (std::size_t n = 0; n < 3; ++n)
        stop_its_server += fmt::format("{}:4222) kill -TERM {}; echo stopped n{};; ", addresses[n], nodes[n]->pid(), n);
    stop_its_server += "*) echo no peer \"$peer\";; esac; ";
    const std::string run =
        fleet_worker_command(lab->host_namespace(kTargets + 3), urls, "cluster", flags, dir_.path() + "/w0") + " & p0=$!; " +
        fleet_worker_command(lab->host_namespace(kTargets + 4), urls, "cluster", flags, dir_.path() + "/w1") + " & p1=$!; " +
        "for i in $(seq 300); do n=$(" + fleet_results_command(lab->scanner_namespace(), urls, "cluster") +
        " 2>/dev/null | wc -l); [ \"$n\" -ge 1 ] && break; sleep 0.1; done; " + stop_its_server +
        "wait $p0; echo w0=$?; wait $p1; echo w1=$?";
    const std::string statuses = script(run);
    EXPECT_NE(statuses.find("stopped n"), std::string::npos) << statuses;
    const std::string first = test::file_text(dir_.path() + "/w0");
    const std::string outputs = first + test::file_text(dir_.path() + "/w1");
    EXPECT_NE(statuses.find("w0=0"), std::string::npos) << statuses << outputs;
    EXPECT_NE(statuses.find("w1=0"), std::string::npos) << statuses << outputs;
    EXPECT_NE(first.find("NATS: reconnected to"), std::string::npos) << first;
    expect_each_host_once(results(lab->scanner_namespace(), urls, "cluster"), kTargets);
}

}  // namespace
}  // namespace whorl
