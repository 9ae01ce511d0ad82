# A Debian package of the installed tree (cmake/Install.cmake), built by CPack:
#   cpack -G DEB --config build/CPackConfig.cmake      ->  whorl_<version>_<arch>.deb
# Installs into /usr; its library dependencies come from dpkg-shlibdeps, the field's
# databases and tools are recommended (whorl reads them where Debian installs them).
if(WHORL_FUZZ)
  return()
endif()
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "whorl")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "whorl developers <whorl@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "operating-system fingerprinting, active as nmap -O and passive as p0f")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nmap-common, p0f, ettercap-common, uap-core")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "whorl scans hosts as nmap -Pn -O does and prints Nmap's report (normal,
XML, grepable, JSON) matched against the installed nmap-os-db; whorl passive reads
captures or live traffic as p0f does and fuses TCP, TLS, HTTP, DHCP and ICMP evidence
per host into one verdict.")
set(CPACK_STRIP_FILES ON)
include(CPack)
