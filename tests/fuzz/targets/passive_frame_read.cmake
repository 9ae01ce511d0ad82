# Differential fuzz target: the passive pipeline's plain-TCP frame reader against the full
# decode it stands in for.
whorl_add_fuzz_target(passive_frame_read DEPS whorl_fp)
