whorl_add_fuzz_target(p0f_fp DEPS whorl_fp)
