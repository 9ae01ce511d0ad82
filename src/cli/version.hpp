// `whorl --version`: the version and the databases this installation found.
#pragma once

#include <string>

namespace whorl::cli {

std::string version_text();

}  // namespace whorl::cli
