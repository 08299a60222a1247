"""What the format generators write with: topics with plain sentences, foreign-language sentences, word pools.

Every sentence here is comma-free and free of the marks the checkers look for (``*``, ``[``, ``<<``,
``"``, ``P.S.``, ``Section``), so a reference response meets ``punctuation:no_comma`` and the counting
instructions exactly as the composer intends. A test checks these properties.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Topic", "TOPICS", "FOREIGN", "LANGUAGE_NAMES", "FORBIDDEN_POOL", "EMPHASIS", "REQUESTS", "END_PHRASES"]


@dataclass(frozen=True)
class Topic:
    """A subject to write about: plain sentences, a title, related keywords and a yes/no question with its answer."""

    name: str
    title: str
    sentences: tuple[str, ...]
    keywords: tuple[str, ...]
    question: str
    answer: str  # "yes" / "no" / "maybe"
    reason: str


TOPICS: tuple[Topic, ...] = (
    Topic("the ocean", "Notes on the Deep Blue", (
        "The ocean covers most of the surface of our planet.", "Its deepest trench goes down for about eleven kilometres.",
        "Tides rise and fall twice a day because of the moon.", "Coral reefs give shelter to thousands of kinds of fish.",
        "Sailors once crossed it with nothing but the stars to guide them.", "Much of the sea floor has still never been mapped."),
        ("tide", "coral", "whale", "salt"), "Is the ocean salty?", "yes", "Salt washed from rocks over millions of years stays in the water."),
    Topic("city gardens", "Green Corners of the City", (
        "A small garden can turn a grey street into a lively place.", "Neighbours often share seeds and tools with each other.",
        "Tomatoes and beans grow well in sunny boxes on a balcony.", "Bees visit the flowers and help the whole area bloom.",
        "Children learn where food comes from by watching plants grow.", "Rain barrels keep the beds watered during dry weeks."),
        ("soil", "seeds", "compost", "harvest"), "Can tomatoes grow on a balcony?", "yes", "They need sun and a deep pot but little else."),
    Topic("learning to cook", "First Steps in the Kitchen", (
        "Cooking at home saves money and tastes better than fast food.", "A sharp knife is safer than a dull one.",
        "Start with simple dishes such as soup or an omelette.", "Taste the food as you go and adjust the seasoning.",
        "Clean the counter while the pot is simmering.", "Friends are happy to try a new recipe with you."),
        ("recipe", "onion", "flavor", "kitchen"), "Is a dull knife safer than a sharp one?", "no", "A dull blade slips more easily."),
    Topic("the history of trains", "Rails Across Time", (
        "The first public railway opened in England in the early nineteenth century.", "Steam engines burned coal to boil water.",
        "Railways let farmers send fresh food to distant towns.", "Standard time zones were created partly to keep trains on schedule.",
        "Electric trains later replaced many of the old steam engines.", "Today high speed lines link large cities in a few hours."),
        ("steam", "station", "track", "engine"), "Did early trains run on steam?", "yes", "Coal fires boiled water to drive the pistons."),
    Topic("sleep", "Why We Need Rest", (
        "Adults need about seven to nine hours of sleep each night.", "The brain sorts memories while we sleep.",
        "Screens late at night can make it harder to fall asleep.", "A regular bedtime helps the body keep its rhythm.",
        "Short naps can improve focus in the afternoon.", "Too little sleep makes people more likely to get sick."),
        ("dream", "pillow", "rest", "night"), "Can screens make it harder to sleep?", "yes", "Their light tells the brain it is still day."),
    Topic("a mountain hike", "A Day Above the Clouds", (
        "We left the village before sunrise with full water bottles.", "The trail climbed through pine forest for two hours.",
        "Above the trees the wind grew cold and strong.", "From the summit we could see three lakes below us.",
        "We ate bread and cheese while resting on a flat rock.", "The walk down took longer than we expected."),
        ("summit", "trail", "boots", "valley"), "Should hikers carry water?", "yes", "Mountain trails rarely pass a safe tap."),
    Topic("recycling", "Giving Waste a Second Life", (
        "Recycling turns old materials into new products.", "Glass can be melted and reused again and again.",
        "Paper fibres get shorter each time they are recycled.", "Sorting waste at home makes the process much cheaper.",
        "Some plastics are hard to recycle and end up in landfills.", "Buying less is still the best way to reduce waste."),
        ("plastic", "glass", "bin", "waste"), "Can glass be recycled many times?", "yes", "Melting does not weaken it."),
    Topic("learning a language", "Words From Far Away", (
        "Learning a new language opens doors to new friends.", "A few minutes of practice every day beats one long session a week.",
        "Listening to songs helps with pronunciation.", "Mistakes are a normal part of learning to speak.",
        "Reading simple stories builds vocabulary quickly.", "Travel becomes easier when you can ask for directions."),
        ("grammar", "vocabulary", "accent", "practice"), "Is daily practice better than one long weekly session?", "yes",
        "Memory holds on to what it meets often."),
    Topic("bicycles", "Two Wheels and a Chain", (
        "Bicycles are one of the most efficient machines ever built.", "Riding to work can replace a trip to the gym.",
        "A good lock keeps a bike safe on busy streets.", "Tyres should be checked for air before a long ride.",
        "Many cities now paint special lanes for cyclists.", "A helmet protects the head in a fall."),
        ("pedal", "helmet", "wheel", "brake"), "Does a helmet protect the head?", "yes", "It absorbs much of the force of a fall."),
    Topic("the moon", "Our Nearest Neighbour in Space", (
        "The moon is about a quarter of the size of the earth.", "It always shows the same face to us.",
        "Astronauts first walked on it in the summer of nineteen sixty nine.", "Its pull on the oceans creates the tides.",
        "There is no air on the moon to carry sound.", "Its surface is covered with craters and fine grey dust."),
        ("crater", "orbit", "astronaut", "lunar"), "Is there air on the moon?", "no", "It is too small to hold an atmosphere."),
    Topic("keeping a journal", "Pages of a Quiet Habit", (
        "Writing a few lines each evening helps to clear the mind.", "A journal records small moments that are easy to forget.",
        "Some people write by hand because it slows their thoughts.", "Looking back over old pages shows how much has changed.",
        "There is no wrong way to keep a journal.", "Even a list of three good things can lift the mood."),
        ("notebook", "memory", "habit", "pen"), "Is there one right way to keep a journal?", "no", "It only has to work for the writer."),
    Topic("volunteering", "Time Given Freely", (
        "Volunteering connects people who might never meet otherwise.", "Food banks depend on helpers to sort donations.",
        "Even one hour a month can make a real difference.", "Volunteers often learn new skills along the way.",
        "Older neighbours enjoy visits and conversation.", "Helping others is also good for our own health."),
        ("community", "charity", "donate", "help"), "Can one hour a month make a difference?", "maybe",
        "It depends on the task but small help adds up."),
)

# Generic sentences per language for ``language:response_language`` (IFEval's ISO 639-1 codes).
FOREIGN: dict[str, dict[str, tuple[str, ...] | str]] = {
    "fr": {"title": "Une journée en ville", "placeholder": "Écrivez-moi à [adresse] ou appelez [nom] avant le soir.", "sentences": (
        "Le marché ouvre très tôt le matin sur la place principale.", "Les enfants courent vers l'école avec leurs cartables.",
        "Une odeur de pain chaud sort de la boulangerie du coin.", "Les touristes prennent des photos devant la vieille église.",
        "Le soir les habitants se promènent le long de la rivière.", "Les cafés restent ouverts tard pendant les mois d'été.",
        "Le vieux pont relie les deux quartiers de la ville.", "Les jardins publics sont pleins de fleurs au printemps.")},
    "es": {"title": "Un día en la ciudad", "placeholder": "Escríbeme a [dirección] o llama a [nombre] antes de la noche.", "sentences": (
        "El mercado abre muy temprano por la mañana en la plaza mayor.", "Los niños corren hacia la escuela con sus mochilas.",
        "Un olor a pan caliente sale de la panadería de la esquina.", "Los turistas sacan fotos delante de la vieja iglesia.",
        "Por la tarde los vecinos pasean junto al río.", "Las cafeterías abren hasta tarde durante los meses de verano.",
        "El viejo puente une los dos barrios de la ciudad.", "Los parques están llenos de flores en primavera.")},
    "de": {"title": "Ein Tag in der Stadt", "placeholder": "Schreib mir an [Adresse] oder ruf [Name] vor dem Abend an.", "sentences": (
        "Der Markt öffnet sehr früh am Morgen auf dem Hauptplatz.", "Die Kinder laufen mit ihren Schultaschen zur Schule.",
        "Ein Duft von frischem Brot kommt aus der Bäckerei an der Ecke.", "Die Touristen machen Fotos vor der alten Kirche.",
        "Am Abend spazieren die Leute am Fluss entlang.", "Die Cafés haben im Sommer bis spät in die Nacht geöffnet.",
        "Die alte Brücke verbindet die beiden Viertel der Stadt.", "Im Frühling sind die Parks voller Blumen.")},
    "it": {"title": "Una giornata in città", "placeholder": "Scrivimi a [indirizzo] oppure chiama [nome] prima di sera.", "sentences": (
        "Il mercato apre molto presto la mattina nella piazza principale.", "I bambini corrono verso la scuola con i loro zaini.",
        "Un profumo di pane caldo esce dal forno all'angolo.", "I turisti fanno fotografie davanti alla vecchia chiesa.",
        "La sera la gente passeggia lungo il fiume.", "I bar restano aperti fino a tardi durante i mesi estivi.",
        "Il vecchio ponte collega i due quartieri della città.", "In primavera i giardini pubblici sono pieni di fiori.")},
    "pt": {"title": "Um dia na cidade", "placeholder": "Escreva para [endereço] ou ligue para [nome] antes da noite.", "sentences": (
        "O mercado abre muito cedo de manhã na praça principal.", "As crianças correm para a escola com as suas mochilas.",
        "Um cheiro a pão quente sai da padaria da esquina.", "Os turistas tiram fotografias em frente à velha igreja.",
        "À noite as pessoas passeiam ao longo do rio.", "Os cafés ficam abertos até tarde durante os meses de verão.",
        "A velha ponte liga os dois bairros da cidade.", "Na primavera os jardins públicos estão cheios de flores.")},
}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian", "pt": "Portuguese"}

# Words no topic sentence uses, for ``keywords:forbidden_words`` (the composer still re-checks the text).
FORBIDDEN_POOL = ("however", "basically", "literally", "very", "amazing", "thing", "stuff", "really", "awesome",
                  "nice", "definitely", "actually", "simply", "obviously", "huge", "wonderful")
EMPHASIS = ("This part matters a LOT.", "Please keep it in mind NOW.", "It is TRULY worth a try.", "That is the KEY point.")
REQUESTS = ("Write a short blog post about {topic}.", "Write a letter to a friend about {topic}.",
            "Write a short essay on {topic}.", "Describe {topic} for a school newsletter.",
            "Write a few paragraphs explaining {topic} to a curious teenager.")
END_PHRASES = ("Any other questions?", "Is there anything else I can help with?", "Let me know if you have additional questions.")
