# Read by tools/nmap-oracle.sh after Nmap's own Makefile, in Nmap's build tree:
#   make -C TREE -f Makefile -f matcher.mk WHORL_HARNESS=... WHORL_HARNESS_OBJ=... \
#        WHORL_MATCHER=OUT OUT
# so whorl's harness is compiled with the very flags Nmap's objects were ($(CPPFLAGS)
# $(CXXFLAGS), -I. for Nmap's headers) and linked as Nmap's binary is, with every object
# of it but main.o ($(OBJS) never lists main.o) and the same $(LIBS). Nothing is written
# into the tree; its objects are up to date after `make nmap`, so none is rebuilt.

$(WHORL_HARNESS_OBJ): $(WHORL_HARNESS)
	$(CXX) -c -I. $(CPPFLAGS) $(CXXFLAGS) $(WHORL_HARNESS) -o $@

$(WHORL_MATCHER): $(WHORL_HARNESS_OBJ) $(OBJS)
	$(CXX) $(LDFLAGS) -o $@ $(WHORL_HARNESS_OBJ) $(OBJS) $(LIBS)
