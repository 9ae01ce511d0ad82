whorl_add_fuzz_target(os_expr DEPS whorl_fp)
