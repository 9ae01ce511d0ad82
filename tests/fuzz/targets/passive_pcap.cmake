# Fuzz target for whorl passive's input path: capture file -> reader -> pipeline -> writers.
whorl_add_fuzz_target(passive_pcap DEPS whorl_report)
