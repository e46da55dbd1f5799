"""Live views of training: the LiveView that draws each snapshot and the grid it evaluates on."""
