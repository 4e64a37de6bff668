"""python -m attribution ..."""
from .cli import main

main()
