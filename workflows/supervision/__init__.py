"""Daily supervision pages: spot-check campaigns, complaints, rectification orders."""
