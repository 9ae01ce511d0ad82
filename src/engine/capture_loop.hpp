// run_capture: drives a PacketSource until its input ends, it fails, or SIGINT/SIGTERM
// arrives, handing every packet to a CaptureConsumer. A capture file is read in a tight
// loop (the signals are polled through a signalfd every few thousand packets); a live
// interface is waited on in the EventLoop, and the consumer hears on_idle() whenever the
// packets that were ready have been handed over (the moment to flush output). Knows
// nothing of what the packets mean.
#pragma once

#include "base/error.hpp"
#include "io/clock.hpp"
#include "io/packet_source.hpp"

namespace whorl::engine {

class CaptureConsumer {
public:
    virtual ~CaptureConsumer() = default;
    virtual void on_packet(const io::CapturedPacket& packet) = 0;
    virtual void on_idle() {}
};

enum class CaptureEnd { end_of_input, interrupted };

// A failing source (a corrupt file, an interface gone) is the error; packets read before
// it have been handed over.
Result<CaptureEnd> run_capture(io::PacketSource& source, CaptureConsumer& consumer,
                               const io::Clock& clock);

}  // namespace whorl::engine
