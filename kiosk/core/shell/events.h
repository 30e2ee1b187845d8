// Typed events the shell broadcasts to every feature: how one feature's change reaches another without
// either naming the other. Features react in Feature::OnEvent; they never call each other.
#pragma once

namespace onestop::event {

struct SessionReset {};     // the person at the screen is gone (idle timeout, bed change)
struct StaffSignedOut {};   // the signed-in staff member left (button, inactivity, removed from the list)
struct TicketsChanged {};   // a pull brought new data: screens showing tickets or orders re-read them

}  // namespace onestop::event
