#include "optimizer/farm/interrupt.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstring>

namespace l2l {
namespace {

volatile std::sig_atomic_t first_signal = 0;
volatile std::sig_atomic_t exit_on_second = 0;
volatile std::sig_atomic_t second_exit_code = 3;
// Written once before the handlers are installed: the handler may only write(2) it.
std::array<char, 2048> second_message{};
std::size_t second_message_length = 0;

extern "C" void on_stop_signal(int signal) {
    if (first_signal != 0) {
        if (exit_on_second != 0) {
            const ssize_t ignored = write(STDERR_FILENO, second_message.data(), second_message_length);
            (void)ignored;
            _exit(second_exit_code);
        }
        return;
    }
    first_signal = signal;
}

}  // namespace

void install_stop_handlers(bool master, const std::string& second_signal_message, int exit_code) {
    second_message_length = std::min(second_signal_message.size(), second_message.size());
    std::memcpy(second_message.data(), second_signal_message.data(), second_message_length);
    exit_on_second = master ? 1 : 0;
    second_exit_code = exit_code;

    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    // Interrupted system calls (MPI polling, file writes) resume by themselves.
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGTERM, SIGINT, SIGUSR1}) sigaddset(&action.sa_mask, signal);
    for (const int signal : {SIGTERM, SIGINT, SIGUSR1}) sigaction(signal, &action, nullptr);
}

bool stop_requested() { return first_signal != 0; }

int stop_signal() { return first_signal; }

std::string signal_name(int signal) {
    switch (signal) {
        case SIGTERM: return "SIGTERM";
        case SIGINT: return "SIGINT";
        case SIGUSR1: return "SIGUSR1";
        default: return fmt::format("signal {}", signal);
    }
}

}  // namespace l2l
