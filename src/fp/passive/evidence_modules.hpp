// The switch that connects the evidence classifiers (Ettercap, User-Agent, DHCP, ICMP,
// host fusion) to the passive pipeline. Those modules are written in parallel with the
// pipeline; while they are not linked into whorl_fp this stays 0 and the evidence stage
// (evidence_stage.cpp) and host summaries (host_summary.cpp) compile without calling them.
// Set it to 1 when evidence.cpp, host_fusion.cpp, user_agent.cpp, ettercap_db.cpp and
// dhcp.cpp are in the tree; nothing else needs to change.
#pragma once

#ifndef WHORL_EVIDENCE_MODULES
#define WHORL_EVIDENCE_MODULES 0
#endif
