whorl_add_fuzz_target(p0f_http DEPS whorl_fp)
