// The one table from screen to Draw function (DESIGN §2.1): each row builds the screen's view model
// from the state and hands it to the screen's Draw function in ui/screens/<feature>.cpp. Adding a
// screen is a row here; nothing else in ui/ names a feature.
#include <algorithm>

#include "kiosk/core/features/enroll/feature.h"
#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/escort/views.h"
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/views.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/features/staff/feature.h"
#include "ui/screens.h"

namespace onestop::ui {

// Defined in ui/screens/<feature>.cpp.
void DrawHomeScreen(const foundation::HomeView& v, Commands& out);
void DrawLanguageScreen(const foundation::LanguageView& v, Commands& out);
void DrawTerminalScreen(const foundation::TerminalView& v, Commands& out);
void DrawGalleryScreen(const foundation::GalleryView& v, Commands& out);
void DrawScanScreen(const requests::ScanView& v, Commands& out);
void DrawRequestForm(const requests::RequestFormView& v, Commands& out);
void DrawRequestsList(const requests::RequestsListView& v, Commands& out);
void DrawMealsScreen(const mealui::MealsView& v, Commands& out);
void DrawMenuScreen(const mealui::MenuView& v, Commands& out);
void DrawMyMealsScreen(const mealui::MyMealsView& v, Commands& out);
void DrawSignInScreen(const staffui::SignInView& v, Commands& out);
void DrawToRateScreen(const rateui::ToRateView& v, Commands& out);
void DrawRateScreen(const rateui::RateView& v, Commands& out);
void DrawEscortScreen(const escort::EscortView& v, Commands& out);
void DrawEnrollScreen(const enrollui::EnrollView& v, Commands& out);

namespace {

using requests::Form;

struct Row {
  ScreenId screen;
  void (*draw)(const AppState& s, Commands& out);
};

const Row kTable[] = {
    {screens::kHome, [](const AppState& s, Commands& o) { DrawHomeScreen(foundation::BuildHomeView(s), o); }},
    {screens::kLanguage, [](const AppState& s, Commands& o) { DrawLanguageScreen(foundation::BuildLanguageView(s), o); }},
    {screens::kTerminal, [](const AppState& s, Commands& o) { DrawTerminalScreen(foundation::BuildTerminalView(s), o); }},
    {screens::kGallery, [](const AppState& s, Commands& o) { DrawGalleryScreen(foundation::BuildGalleryView(s), o); }},
    {screens::kScan, [](const AppState& s, Commands& o) { DrawScanScreen(requests::BuildScanView(s), o); }},
    {screens::kRepair, [](const AppState& s, Commands& o) { DrawRequestForm(requests::BuildRequestFormView(s, Form::kRepair), o); }},
    {screens::kCleaning, [](const AppState& s, Commands& o) { DrawRequestForm(requests::BuildRequestFormView(s, Form::kCleaning), o); }},
    {screens::kComplaint, [](const AppState& s, Commands& o) { DrawRequestForm(requests::BuildRequestFormView(s, Form::kComplaint), o); }},
    {screens::kRequests, [](const AppState& s, Commands& o) { DrawRequestsList(requests::BuildRequestsListView(s), o); }},
    {screens::kMeals, [](const AppState& s, Commands& o) { DrawMealsScreen(mealui::BuildMealsView(s), o); }},
    {screens::kMenu, [](const AppState& s, Commands& o) { DrawMenuScreen(mealui::BuildMenuView(s), o); }},
    {screens::kMyMeals, [](const AppState& s, Commands& o) { DrawMyMealsScreen(mealui::BuildMyMealsView(s), o); }},
    {screens::kSignIn, [](const AppState& s, Commands& o) { DrawSignInScreen(staffui::BuildSignInView(s), o); }},
    {screens::kToRate, [](const AppState& s, Commands& o) { DrawToRateScreen(rateui::BuildToRateView(s), o); }},
    {screens::kRate, [](const AppState& s, Commands& o) { DrawRateScreen(rateui::BuildRateView(s), o); }},
    {screens::kEscort, [](const AppState& s, Commands& o) { DrawEscortScreen(escort::BuildEscortView(s), o); }},
    {screens::kEnroll, [](const AppState& s, Commands& o) { DrawEnrollScreen(enrollui::BuildEnrollView(s), o); }},
};

}  // namespace

bool DrawScreen(const AppState& s, Commands& out) {
  auto row = std::find_if(std::begin(kTable), std::end(kTable), [&](const Row& r) { return r.screen == s.session.screen; });
  if (row == std::end(kTable)) return false;
  row->draw(s, out);
  return true;
}

}  // namespace onestop::ui
