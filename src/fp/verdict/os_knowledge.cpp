// Loads nmap-os-db, whorl's own prints and the verdict model once per process.
#include "fp/verdict/os_knowledge.hpp"

#include <map>
#include <mutex>
#include <sys/stat.h>
#include <tuple>

#include "fp/db/data_paths.hpp"

namespace whorl::fp::verdict {
namespace {

// A file as the cache tells it apart: path, size and modification time.
using KnowledgeFileKey = std::tuple<std::string, long long, long long, long long>;

KnowledgeFileKey knowledge_file_key(const std::string& path) {
    struct stat st{};
    if (path.empty() || ::stat(path.c_str(), &st) != 0) return {path, -1, 0, 0};
    return {path, static_cast<long long>(st.st_size), static_cast<long long>(st.st_mtim.tv_sec),
            static_cast<long long>(st.st_mtim.tv_nsec)};
}

std::mutex knowledge_cache_mutex;
std::map<std::tuple<KnowledgeFileKey, std::vector<KnowledgeFileKey>, int>, OsKnowledge> knowledge_cache;

Result<OsKnowledge> load_knowledge(std::string_view datadir_option, std::optional<NmapBehaviour> behaviour,
                                   const std::vector<std::string>& own) {
    auto path = db::find_nmap_file("nmap-os-db", datadir_option);
    if (!path) return unexpected(path.error());
    std::vector<KnowledgeFileKey> own_keys;
    for (const auto& file : own) own_keys.push_back(knowledge_file_key(file));
    auto key = std::tuple{knowledge_file_key(*path), own_keys, behaviour ? static_cast<int>(*behaviour) : -1};
    std::lock_guard lock(knowledge_cache_mutex);
    if (auto it = knowledge_cache.find(key); it != knowledge_cache.end()) return it->second;

    OsKnowledge k;
    auto loaded = db::OsDb::load_with_own_prints(*path, own, behaviour, k.warning);
    if (!loaded) return unexpected(loaded.error());
    k.db = std::make_shared<const db::OsDb>(std::move(*loaded));
    k.model = std::make_shared<const VerdictModel>(VerdictModel::fit(*k.db));
    knowledge_cache.emplace(key, k);
    return k;
}

}  // namespace

Result<OsKnowledge> OsKnowledge::load(std::string_view datadir_option, std::optional<NmapBehaviour> behaviour,
                                      std::optional<std::string> own_prints) {
    return load_knowledge(datadir_option, behaviour, {own_prints ? *own_prints : db::whorl_os_db_path().value_or("")});
}

Result<OsKnowledge> OsKnowledge::load_for_ipv6(std::string_view datadir_option, std::optional<NmapBehaviour> behaviour) {
    return load_knowledge(datadir_option, behaviour,
                          {db::whorl_os_db_path().value_or(""), db::whorl_os6_db_path().value_or("")});
}

}  // namespace whorl::fp::verdict
