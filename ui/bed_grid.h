// The ward's beds as a grid of tiles (issue 16): name, occupancy and diet on each tile, and on the
// nurse's meal grid the next meal's order and its state under it. Shared by the meal grid and the
// escort's bed pick so both say who is in a bed the same way. Reads BedTile (kiosk/core/bed_tile.h).
#pragma once
#include <vector>

#include "kiosk/core/bed_tile.h"

namespace onestop::ui {

// Draws the tiles at the cursor across the available width (as many columns of at least `min_em`
// em as fit, 2 to 4); rows take the height of their tallest cell, so a long order never overlaps the
// next row. `max_rows` > 0: past that many rows the grid scrolls by dragging inside `list_id`.
// A selected tile has a heavy frame. `compact`: tiles one touch target tall (name and occupancy only,
// for a form that needs room under the grid). Returns the index of the tile tapped, or -1.
int BedGrid(const std::vector<BedTile>& beds, const char* list_id, float min_em, int max_rows = 0, bool compact = false);

}  // namespace onestop::ui
