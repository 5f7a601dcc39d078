// LruIndex implementation: list splicing and in-place recycling of the evicted entry.
#include "lru_index.hh"

namespace snf {

LruIndex::Entry* LruIndex::find(const ObjectKeyView& key) const noexcept {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : *it;
}

void LruIndex::link_newest(Entry* entry) noexcept {
    entry->newer = nullptr;
    entry->older = newest_;
    if (newest_ != nullptr) newest_->newer = entry;
    newest_ = entry;
    if (oldest_ == nullptr) oldest_ = entry;
}

void LruIndex::unlink(Entry* entry) noexcept {
    if (entry->newer != nullptr) entry->newer->older = entry->older;
    else newest_ = entry->older;
    if (entry->older != nullptr) entry->older->newer = entry->newer;
    else oldest_ = entry->newer;
    entry->newer = entry->older = nullptr;
}

void LruIndex::touch(Entry* entry) noexcept {
    if (entry == newest_) return;
    unlink(entry);
    link_newest(entry);
}

LruIndex::Entry* LruIndex::put(const ObjectKeyView& key, std::string_view value,
                               uint64_t version, int64_t expires_at_ns, bool& evicted) {
    evicted = false;
    if (Entry* entry = find(key)) {
        entry->value.assign(value);
        entry->version = version;
        entry->expires_at_ns = expires_at_ns;
        touch(entry);
        return entry;
    }

    if (entries_.size() >= capacity_ && oldest_ != nullptr) {
        // Recycle the least recent entry: take its node out of the set (the set hashes
        // through the entry, so this must happen before its key changes), rewrite it,
        // and put the same node back.
        Entry* victim = oldest_;
        auto node = entries_.extract(entries_.find(victim));
        unlink(victim);
        evicted = true;
        try {
            victim->table_id = key.table_id;
            victim->key.assign(key.key);
            victim->hash = key.hash;
            victim->value.assign(value);
        } catch (...) {
            delete victim;  // the node handle owns only the pointer
            throw;
        }
        victim->version = version;
        victim->expires_at_ns = expires_at_ns;
        entries_.insert(std::move(node));
        link_newest(victim);
        return victim;
    }

    auto* entry = new Entry();
    try {
        entry->table_id = key.table_id;
        entry->key.assign(key.key);
        entry->hash = key.hash;
        entry->value.assign(value);
        entry->version = version;
        entry->expires_at_ns = expires_at_ns;
        entries_.insert(entry);
    } catch (...) {
        delete entry;
        throw;
    }
    link_newest(entry);
    return entry;
}

void LruIndex::erase(Entry* entry) noexcept {
    entries_.erase(entries_.find(entry));
    unlink(entry);
    delete entry;
}

bool LruIndex::erase(const ObjectKeyView& key) noexcept {
    Entry* entry = find(key);
    if (entry == nullptr) return false;
    erase(entry);
    return true;
}

void LruIndex::clear() noexcept {
    entries_.clear();
    for (Entry* entry = newest_; entry != nullptr;) {
        Entry* older = entry->older;
        delete entry;
        entry = older;
    }
    newest_ = oldest_ = nullptr;
}

}  // namespace snf
