// KernelIngressDrop: load the drop program, link it to tcx ingress.
#include "kernel_ingress_drop.hh"

#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace snf::click {

namespace {

// Values from the kernel's UAPI that older installed headers may not define yet.
constexpr uint32_t attach_type_tcx_ingress = 46;  // BPF_TCX_INGRESS
constexpr int32_t tcx_verdict_drop = 2;           // TCX_DROP

long bpf_call(int command, bpf_attr& attr) {
    return syscall(__NR_bpf, command, &attr, sizeof attr);
}

}  // namespace

bool KernelIngressDrop::attach(int ifindex, std::string& error) {
    detach();
    // r0 = TCX_DROP; exit
    bpf_insn program[2];
    std::memset(program, 0, sizeof program);
    program[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
    program[0].dst_reg = BPF_REG_0;
    program[0].imm = tcx_verdict_drop;
    program[1].code = BPF_JMP | BPF_EXIT;
    static const char license[] = "GPL";

    bpf_attr load;
    std::memset(&load, 0, sizeof load);
    load.prog_type = BPF_PROG_TYPE_SCHED_CLS;
    load.insn_cnt = 2;
    load.insns = uint64_t(uintptr_t(program));
    load.license = uint64_t(uintptr_t(license));
    load.expected_attach_type = attach_type_tcx_ingress;
    long fd = bpf_call(BPF_PROG_LOAD, load);
    if (fd < 0) {
        error = std::string("loading the ingress drop program: ") + std::strerror(errno);
        return false;
    }
    program_fd_ = int(fd);

    bpf_attr link;
    std::memset(&link, 0, sizeof link);
    link.link_create.prog_fd = uint32_t(program_fd_);
    link.link_create.target_ifindex = uint32_t(ifindex);
    link.link_create.attach_type = attach_type_tcx_ingress;
    fd = bpf_call(BPF_LINK_CREATE, link);
    if (fd < 0) {
        error = std::string("attaching to tcx ingress (Linux 6.6 or later): ") + std::strerror(errno);
        detach();
        return false;
    }
    link_fd_ = int(fd);
    return true;
}

void KernelIngressDrop::detach() {
    if (link_fd_ >= 0)
        close(link_fd_);
    if (program_fd_ >= 0)
        close(program_fd_);
    link_fd_ = program_fd_ = -1;
}

}  // namespace snf::click
