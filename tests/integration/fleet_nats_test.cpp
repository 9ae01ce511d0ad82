// The scanner fleet's connection to NATS, against a real nats-server on 127.0.0.1 (a free
// port, its store in a scratch directory): what is published while the server is gone
// waits in the client's reconnect buffer, and the publish that would overflow it is one
// clear error (--nats-buffer); TLS to a server whose certificate a CA made for the test
// signs works with --nats-tls-ca, and without it, or with another CA, is one message.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "fleet/jetstream_publisher.hpp"
#include "fleet/nats_client.hpp"
#include "fleet/work_queue.hpp"
#include "lab/process.hpp"
#include "support/external_tools.hpp"
#include "support/nats_server.hpp"
#include "support/whorl_binary.hpp"

namespace whorl {
namespace {

TEST(FleetNats, AFullReconnectBufferIsAClearError) {
    report::test::ScratchDir dir;
    const int port = test::free_loopback_port();
    ASSERT_GT(port, 0);
    auto server = test::NatsServer::start({"", "127.0.0.1", port, "n0", {}, {}}, dir.path());
    ASSERT_TRUE(server) << server.error().describe();
    ASSERT_TRUE((*server)->wait_ready(std::chrono::seconds(10)));
    fleet::NatsSettings settings;
    settings.servers = (*server)->url();
    settings.reconnect_buffer = 64 * 1024;
    auto client = fleet::NatsClient::connect(settings, {});
    ASSERT_TRUE(client) << client.error().describe();
    auto names = fleet::queue_names("buffer");
    ASSERT_TRUE(names);
    ASSERT_TRUE(fleet::create_queue(**client, *names, {}));
    auto publisher = (*client)->publisher();
    ASSERT_TRUE(publisher);
    ASSERT_TRUE((*publisher)->publish(names->results_subject, "{}", "before"));
    ASSERT_TRUE((*publisher)->settle());
    EXPECT_EQ((*publisher)->stored(), 1u);

    (*server)->stop();
    for (int i = 0; i < 100 && natsConnection_Status((*client)->connection()) == NATS_CONN_STATUS_CONNECTED; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_NE(natsConnection_Status((*client)->connection()), NATS_CONN_STATUS_CONNECTED);
    // 10 KB results: six fit in the 64 KiB buffer, the seventh does not.
    const std::string result(10000, 'x');
    Result<void> r;
    int published = 0;
    for (; published < 20 && (r = (*publisher)->publish(names->results_subject, result, std::to_string(published)));
         ++published) {
    }
    ASSERT_FALSE(r);
    EXPECT_GE(published, 5);
    EXPECT_LE(published, 7);
    EXPECT_EQ(r.error().message,
              fmt::format("publishing to whorl.results.buffer: the connection to NATS at {} is down and its "
                          "reconnect buffer (64 KiB, --nats-buffer) is full",
                          settings.servers));
}

// A CA and a certificate for 127.0.0.1 it signs, made with openssl in `dir`.
bool make_certificates(const std::string& dir, const std::string& ca) {
    const std::string d = report::test::shell_quote(dir);
    auto r = report::test::run_command(fmt::format(
        "cd {0} && openssl req -x509 -newkey rsa:2048 -nodes -keyout {1}.key -out {1}.pem -days 1 -subj /CN={1} && "
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 && "
        "printf 'subjectAltName=IP:127.0.0.1\\n' > san.cnf && "
        "openssl x509 -req -in server.csr -CA {1}.pem -CAkey {1}.key -CAcreateserial -out server.pem -days 1 "
        "-extfile san.cnf && openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 1 "
        "-subj /CN=other",
        d, ca));
    EXPECT_EQ(r.status, 0) << r.output;
    return r.status == 0;
}

TEST(FleetNats, TlsToTheServerWithTheGivenCa) {
    report::test::ScratchDir dir;
    ASSERT_TRUE(make_certificates(dir.path(), "ca"));
    const int port = test::free_loopback_port();
    ASSERT_GT(port, 0);
    auto server = test::NatsServer::start(
        {"", "127.0.0.1", port, "n0", {}, {"--tls", "--tlscert", dir.path() + "/server.pem", "--tlskey", dir.path() + "/server.key"}},
        dir.path());
    ASSERT_TRUE(server) << server.error().describe();
    ASSERT_TRUE((*server)->wait_ready(std::chrono::seconds(10)));
    auto whorl = [&](std::vector<std::string> args) {
        args.insert(args.begin(), test::kWhorlBinary);
        auto r = lab::run_command(args, std::chrono::seconds(30));
        EXPECT_TRUE(r);
        return r ? *r : lab::CommandResult{};
    };
    const std::string url = (*server)->url();
    auto ok = whorl({"submit", "--jetstream", url, "--queue", "tls", "--nats-tls-ca", dir.path() + "/ca.pem", "198.51.100.2-5"});
    EXPECT_EQ(ok.exit_status, 0) << ok.err;
    EXPECT_NE(ok.out.find("4 targets in 1 blocks"), std::string::npos) << ok.out;
    auto read = whorl({"results", "--jetstream", url, "--queue", "tls", "--nats-tls-ca", dir.path() + "/ca.pem"});
    EXPECT_EQ(read.exit_status, 0) << read.err;
    EXPECT_EQ(read.out, "");  // no worker ran
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"submit", "--jetstream", url, "--queue", "tls", "198.51.100.2"},
             {"submit", "--jetstream", url, "--queue", "tls", "--nats-tls-ca", dir.path() + "/other.pem", "198.51.100.2"}}) {
        auto refused = whorl(args);
        EXPECT_EQ(refused.exit_status, 1) << refused.err;
        EXPECT_EQ(refused.err.rfind("whorl: connecting to NATS at " + url + ": ", 0), 0u) << refused.err;
        EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
    }
}

}  // namespace
}  // namespace whorl
