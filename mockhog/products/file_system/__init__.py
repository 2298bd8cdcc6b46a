"""The project tree (file system): rows, folders, search, moves, links, shortcuts."""
