// Screen entry points: one DrawXxxScreen per screen, each reading a const view model and pushing
// Commands. DrawRoot lays out the frame (status bar, banner, screen, navigation, idle overlay).
// Nothing here does I/O or changes state.
#pragma once
#include "kiosk/core/app_state.h"
#include "kiosk/core/commands.h"
#include "kiosk/core/meal_screens.h"
#include "kiosk/core/rating_screens.h"
#include "kiosk/core/requests.h"
#include "kiosk/core/views.h"

namespace onestop::ui {

void DrawStatusBar(const StatusBarView& v, Commands& out);
void DrawNavBar(const ChromeView& v, Commands& out);
void DrawIdleOverlay(const StatusBarView& v, Commands& out);
void DrawHomeScreen(const HomeView& v, Commands& out);
void DrawLanguageScreen(const LanguageView& v, Commands& out);
void DrawTerminalScreen(const TerminalView& v, Commands& out);
void DrawGalleryScreen(const GalleryView& v, Commands& out);
void DrawScanScreen(const requests::ScanView& v, Commands& out);
void DrawRequestForm(const requests::RequestFormView& v, Commands& out);
void DrawRequestsList(const requests::RequestsListView& v, Commands& out);
void DrawMealsScreen(const mealui::MealsView& v, Commands& out);
void DrawMenuScreen(const mealui::MenuView& v, Commands& out);
void DrawMyMealsScreen(const mealui::MyMealsView& v, Commands& out);
void DrawSignInScreen(const rateui::SignInView& v, Commands& out);
void DrawToRateScreen(const rateui::ToRateView& v, Commands& out);
void DrawRateScreen(const rateui::RateView& v, Commands& out);

// The whole frame for the current screen of `s`.
void DrawRoot(const AppState& s, const IdleStatus& idle, Commands& out);

}  // namespace onestop::ui
