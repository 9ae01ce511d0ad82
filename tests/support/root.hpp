// Integration tests need root (network namespaces, raw sockets); without it they are
// skipped with a message rather than failing for the wrong reason.
#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#define WHORL_REQUIRE_ROOT()                                                    \
    do {                                                                        \
        if (::geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)"; \
    } while (0)
