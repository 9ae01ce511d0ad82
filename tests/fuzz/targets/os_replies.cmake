# Fuzz target for hostile replies to OS-detection probes (fp/active + scan/os_scan).
whorl_add_fuzz_target(os_replies DEPS whorl_scan)
