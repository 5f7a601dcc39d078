// SimpleQueue and Queue: a ring of packet pointers with drop counting and an empty
// notifier. The ring is allocated once at initialize (and on a capacity change), so
// push and pull never allocate.
#include "simple_queue.hh"

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/chatter.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

namespace {
// Bounds the memory a configuration can ask for.
constexpr uint32_t max_capacity = 1u << 24;
}  // namespace

int SimpleQueue::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint32_t capacity = capacity_;
    if (Args(conf, this, errh).read_p("CAPACITY", capacity).complete() < 0)
        return -EINVAL;
    if (capacity > max_capacity)
        return errh->error("CAPACITY: out of range, bound " + std::to_string(max_capacity));
    if (router() && initialized_ring())
        set_capacity(capacity);
    else
        capacity_ = capacity;
    return 0;
}

int SimpleQueue::initialize(ErrorHandler*) {
    ring_.assign(std::size_t(capacity_) + 1, nullptr);
    head_ = size_ = 0;
    return 0;
}

void SimpleQueue::set_capacity(uint32_t capacity) {
    // Keep the oldest packets that fit; drop the rest.
    std::vector<Packet*> ring(std::size_t(capacity) + 1, nullptr);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < size_; ++i) {
        Packet* p = ring_[(head_ + i) % ring_.size()];
        if (kept < capacity)
            ring[kept++] = p;
        else
            p->kill();
    }
    ring_.swap(ring);
    head_ = 0;
    size_ = kept;
    capacity_ = capacity;
    nonempty_.set_active(size_ > 0);
}

void SimpleQueue::clear() {
    while (Packet* p = pull(0))
        p->kill();
}

void SimpleQueue::cleanup(CleanupStage) {
    if (!ring_.empty())
        clear();
}

void SimpleQueue::push(int, Packet* p) {
    if (size_ >= capacity_) {
        if (drops_ == 0 && capacity_ > 0)
            chatter(declaration() + ": overflow");
        ++drops_;
        p->kill();
        return;
    }
    std::size_t tail = (head_ + size_) % ring_.size();
    ring_[tail] = p;
    ++size_;
    if (size_ > highwater_)
        highwater_ = size_;
    if (size_ == 1)
        nonempty_.set_active(true);
}

Packet* SimpleQueue::pull(int) {
    if (size_ == 0)
        return nullptr;
    Packet* p = ring_[head_];
    ring_[head_] = nullptr;
    head_ = uint32_t((head_ + 1) % ring_.size());
    if (--size_ == 0)
        nonempty_.set_active(false);
    return p;
}

void SimpleQueue::add_handlers() {
    add_read_handler("length", [this] { return std::to_string(size_); });
    add_read_handler("highwater_length", [this] { return std::to_string(highwater_); });
    add_read_handler("drops", [this] { return std::to_string(drops_); });
    add_read_handler("capacity", [this] { return std::to_string(capacity_); });
    add_write_handler("capacity", [this](const std::string& value, ErrorHandler* errh) {
        uint32_t capacity = 0;
        Args args(this, errh);
        args.push_back(uncomment(value));
        if (args.read_mp("CAPACITY", capacity).complete() < 0)
            return -EINVAL;
        if (capacity > max_capacity)
            return errh->error("CAPACITY: out of range, bound " + std::to_string(max_capacity));
        set_capacity(capacity);
        return 0;
    });
    add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        drops_ = 0;
        highwater_ = size_;
        return 0;
    }, Handler::button);
    add_write_handler("reset", [this](const std::string&, ErrorHandler*) {
        clear();
        return 0;
    }, Handler::button);
}

SNF_EXPORT_ELEMENT(SimpleQueue)

}  // namespace snf::click
