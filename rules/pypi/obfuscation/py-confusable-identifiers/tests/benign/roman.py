# Ordinary names, Roman numerals and a constant table: nothing look-alike.
III = 3
VIII = 8
AAAA_TABLE = {'A': 1, 'AA': 2, 'AAA': 3}
all_items = [III, VIII]
Illinois = "IL"
def llama(): return 'llama'
