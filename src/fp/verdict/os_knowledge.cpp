// Loads nmap-os-db, whorl's own prints and the verdict model once per process.
#include "fp/verdict/os_knowledge.hpp"

#include <map>
#include <mutex>
#include <sys/stat.h>
#include <tuple>

#include "base/text.hpp"
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
std::map<std::tuple<KnowledgeFileKey, KnowledgeFileKey, int>, OsKnowledge> knowledge_cache;

}  // namespace

Result<OsKnowledge> OsKnowledge::load(std::string_view datadir_option, std::optional<NmapBehaviour> behaviour,
                                      std::optional<std::string> own_prints) {
    auto path = db::find_nmap_file("nmap-os-db", datadir_option);
    if (!path) return unexpected(path.error());
    std::string own;
    if (own_prints) {
        own = *own_prints;
    } else if (auto dir = db::whorl_data_dir()) {
        struct stat st{};
        if (::stat((*dir + "/whorl-os-db").c_str(), &st) == 0) own = *dir + "/whorl-os-db";
    }
    auto key = std::tuple{knowledge_file_key(*path), knowledge_file_key(own), behaviour ? static_cast<int>(*behaviour) : -1};
    std::lock_guard lock(knowledge_cache_mutex);
    if (auto it = knowledge_cache.find(key); it != knowledge_cache.end()) return it->second;

    auto nmap = db::OsDb::load(*path, behaviour);
    if (!nmap) return unexpected(nmap.error());
    OsKnowledge k;
    if (!own.empty()) {
        auto text = read_file(own);
        auto both = text ? db::OsDb::with_prints_from(std::move(*nmap), *text, own) : unexpected(text.error());
        if (both) {
            k.db = std::make_shared<const db::OsDb>(std::move(*both));
        } else {
            k.warning = "Warning: whorl's own OS prints are not used: " + both.error().describe();
            if (text) nmap = db::OsDb::load(*path, behaviour);  // the failed merge took it
            if (!nmap) return unexpected(nmap.error());
        }
    }
    if (!k.db) k.db = std::make_shared<const db::OsDb>(std::move(*nmap));
    k.model = std::make_shared<const VerdictModel>(VerdictModel::fit(*k.db));
    knowledge_cache.emplace(key, k);
    return k;
}

}  // namespace whorl::fp::verdict
