"""Clinical Pearls: a static site and newsletter generator for weekly clinical pearls."""
