#!/usr/bin/env python
from conseils.cli import main

if __name__ == "__main__":
    main()
