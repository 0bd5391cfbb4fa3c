"""Reports people read: periodic public-opinion briefings (舆情简报) and the annual platform dossier
(绩效评价 material), rendered as HTML or PDF with charts, from what the other steps stored."""
