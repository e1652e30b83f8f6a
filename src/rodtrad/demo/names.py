"""Common Norwegian names and words for generated data.

Combined at random, they make up people and places that do not exist: the
identity numbers (synthetic) and municipality numbers (8000–8999) make sure
no row can be mistaken for a real one.
"""

from __future__ import annotations

GIRLS = (
    "Nora", "Emma", "Olivia", "Ella", "Sofie", "Leah", "Frida", "Ingrid", "Sara", "Maja",
    "Astrid", "Ada", "Emilie", "Amalie", "Hedda", "Selma", "Thea", "Tiril", "Vilde", "Mia",
    "Iben", "Jenny", "Julie", "Aurora", "Hanna", "Ida", "Linnea", "Mathilde", "Sigrid", "Oda",
    "Alma", "Live", "Eva", "Marie", "Amina", "Zara", "Yasmin", "Wilma", "Ellinor", "Agnes",
)  # fmt: skip
BOYS = (
    "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lucas", "Liam", "Henrik", "Oskar",
    "Aksel", "Theodor", "Elias", "Kasper", "Magnus", "Johannes", "Isak", "Mathias", "Tobias",
    "Olav", "Sander", "Jonas", "Ludvig", "Adrian", "Even", "Sebastian", "Markus", "Benjamin",
    "Leon", "Ali", "Mohammed", "Matheo", "Ulrik", "Vetle", "Sverre", "Edvard", "Håkon",
    "Mikkel", "Iver", "Torvald",
)  # fmt: skip
WOMEN = (
    "Anne", "Kari", "Marianne", "Ingrid", "Hilde", "Camilla", "Ida", "Silje", "Nina", "Linn",
    "Kristin", "Tone", "Heidi", "Lene", "Ingvild", "Maria", "Hanne", "Marte", "Julie", "Siri",
    "Trine", "Monica", "Elin", "Guro", "Kjersti", "Mona", "Line", "Stine", "Tonje", "Anette",
    "Sara", "Fatima", "Aisha", "Agnieszka", "Katarzyna", "Ragnhild", "Solveig", "Åse",
)  # fmt: skip
MEN = (
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjetil", "Thomas", "Martin", "Andreas", "Anders",
    "Espen", "Morten", "Geir", "Erik", "Knut", "Jon", "Stian", "Marius", "Kristian", "Eirik",
    "Jørgen", "Henrik", "Magnus", "Trond", "Tor", "Rune", "Øyvind", "Vegard", "Mohammad",
    "Tomasz", "Piotr", "Ahmed", "Daniel", "Fredrik", "Håvard", "Sindre", "Arild", "Terje",
)  # fmt: skip
FAMILY_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Henriksen", "Lund",
    "Halvorsen", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge",
    "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Andresen",
    "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen", "Ahmed", "Haugland",
    "Thomassen", "Sivertsen", "Simonsen", "Danielsen", "Berntsen", "Rønning", "Næss",
    "Arnesen", "Antonsen", "Ellingsen", "Vik", "Kowalski", "Nowak", "Hussain", "Tran",
)  # fmt: skip
STREETS = (
    "Storgata", "Skolevegen", "Kirkevegen", "Bjørkeveien", "Furulia", "Elvegata", "Fjellvegen",
    "Solbakken", "Granlia", "Sjøgata", "Stasjonsvegen", "Lindealleen", "Bekkefaret",
    "Myrvegen", "Industrivegen", "Hagebyen", "Tunvegen", "Åsvegen", "Nordre gate", "Søndre gate",
)  # fmt: skip

MUNICIPALITY_STEMS = (
    "Aur", "Brei", "Dun", "Elv", "Fager", "Gran", "Hegg", "Kvit", "Lyng", "Myr", "Rav", "Sval",
    "Tiur", "Ulv", "Øyr", "Bjørk", "Furu", "Hav", "Rogn", "Selje", "Ospe", "Hassel", "Einer",
    "Mjøl", "Tind", "Stein", "Skarv", "Lom", "Rein", "Orre",
)  # fmt: skip
MUNICIPALITY_ENDINGS = (
    "vik", "dal", "li", "mo", "haug", "bygd", "vang", "ås", "heim", "strand", "fjord", "sund",
)  # fmt: skip
# Names the combinations would share with a real municipality or with the demo.
NAMES_TAKEN = frozenset({"Lyngdal", "Elvdal"})

KINDERGARTEN_WORDS = (
    "Solstrålen", "Regnbuen", "Trollskogen", "Maurtua", "Eventyrskogen", "Blåbærlia",
    "Tusenfryd", "Humla", "Marihøna", "Ekornes", "Bjørnehiet", "Kvitveisen", "Lerka",
    "Reveholet", "Smørblomsten", "Tiurleiken", "Fjellknausen", "Furutoppen", "Steinrøysa",
    "Nøtteliten", "Sjøstjerna", "Linerla", "Gullhår", "Bringebærlia", "Prestekragen",
)  # fmt: skip
PLACE_WORDS = (
    "Sentrum", "Haugen", "Moen", "Lia", "Nordbyen", "Sørbyen", "Bakken", "Vollen", "Åsen",
    "Tunet", "Brekka", "Engen", "Holtet", "Jordet", "Lunden", "Myra", "Nesset", "Odden",
    "Ringen", "Sletta", "Toppen", "Viken", "Østbyen", "Vestbyen", "Fossen",
)  # fmt: skip
