# Fuzz target for hostile answers to the IPv6 OS probes (scan/os_scan6 + fp/active6).
whorl_add_fuzz_target(os6_replies DEPS whorl_scan)
