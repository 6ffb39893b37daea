"""paperbot on Discord (discord.py): the client with its dependencies handed in (client.py), one
module per feature (ask, papers, watch, admin, announce), assembled by app.py."""
