whorl_add_fuzz_target(tls_hello DEPS whorl_fp)
