whorl_add_fuzz_target(nmap_os_db DEPS whorl_fp)
