// The whorl binary the build made, for integration tests that run it as a user would
// (WHORL_BINARY_DIR is set for the integration test binary only).
#pragma once

#include <string>

namespace whorl::test {

inline const std::string kWhorlBinary = std::string(WHORL_BINARY_DIR) + "/whorl";

}  // namespace whorl::test
