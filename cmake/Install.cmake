# `cmake --install`: the whorl binary in bin/, whorl's own data in share/whorl/ (found
# from the binary's own location first, so an installed tree can be moved), the man pages
# in share/man/man1/ and bash completion. The field's databases (nmap-os-db, p0f.fp,
# etter.finger.os) are never installed: whorl reads the installed packages'.
if(WHORL_FUZZ)
  return()
endif()
install(TARGETS whorl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/whorl
        PATTERN "measured" EXCLUDE PATTERN "measured6" EXCLUDE)
install(FILES ${PROJECT_BINARY_DIR}/man/whorl.1 ${PROJECT_BINARY_DIR}/man/whorl-passive.1
              ${PROJECT_BINARY_DIR}/man/whorl-match.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/whorl.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME whorl)
