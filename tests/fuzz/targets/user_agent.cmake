whorl_add_fuzz_target(user_agent DEPS whorl_fp)
