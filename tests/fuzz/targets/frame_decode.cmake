# Fuzz target for wire::decode_frame over every link type.
whorl_add_fuzz_target(frame_decode DEPS whorl_wire)
