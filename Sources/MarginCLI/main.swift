print("margin")
