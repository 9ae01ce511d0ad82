whorl_add_fuzz_target(uap_os DEPS whorl_fp)
