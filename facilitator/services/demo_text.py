"""The demo's words: group names and kinds, phrases for notes and follow-ups, places,
names that are not all plain, and the small tables the generator picks from.

All invented.  Kept apart from the generator (facilitator.services.demo) so that
each can be read in one sitting; changing anything here changes every demo vault.
"""

from __future__ import annotations

# "## section", then "key = item|item"; an indented line continues the key before it.
_SOURCE = """
## group
Monday Mental Health Peer Support = wellbeing|MO|1|18:30|90|0
Tuesday Evening Recovery Circle = recovery|TU|1|19:00|90|0
Family & Friends = family|WE|1|19:00|90|0
Grief Support — Thursdays = grief|TH|2|14:00|90|0
Thursday Night Step Study = recovery|TH|1|19:30|90|0
Friday Lunchtime Check-in = wellbeing|FR|1|12:30|60|0
Saturday Morning Recovery Café = recovery|SA|1|10:00|120|0
Sunday Evening Circle = recovery|SU|1|18:00|90|0
Winter Wellbeing Course = wellbeing|WE|1|14:00|120|26
## recovery
label = Recovery Circle|Step Study|Recovery Café|Young People in Recovery
about = An open recovery circle for anyone who wants to stop drinking, using or gambling.
topic = Cravings and triggers|Step one: honesty|Making amends|Sleep and routine|Payday
  |Coming back after a relapse|Building a support network|Gratitude|Open sharing
themes = cravings|relapse|sleep|work|family|housing|money|anniversary|gratitude|health
milestone = Recovery date|Sober since|Clean date|Last drink|Quit gambling
## grief
label = Grief Support|Bereavement Café|Living with Loss
about = Peer support for people living with bereavement, at their own pace.
topic = The first year|Anniversaries and difficult dates|Grief and sleep|Keepsakes|Anger
  |Talking to children about loss|Holidays without them|Open sharing
themes = grief|anniversary|sleep|family|loneliness|health|work|gratitude
milestone = Anniversary of Mum's death|Dad's birthday|Anniversary of the funeral
## family
label = Family & Friends|Carers' Circle|Affected Others Group
about = For people affected by someone else's drinking, drug use or gambling.
topic = Boundaries|Detaching with love|Looking after yourself|Talking to the children
  |When they relapse|Money and lending|Open sharing
themes = family|boundaries|money|housing|sleep|loneliness|work|gratitude
milestone = Back in touch with my son|Moved into own flat|First family group
## wellbeing
label = Mental Health Peer Support|Anxiety & Low Mood Group|Women's Wellbeing Circle
about = Peer support for anxiety, low mood and everything in between.
topic = Sleep|Anxiety at work|Small steps|Loneliness|Self-compassion|Low mood|Open sharing
themes = sleep|work|loneliness|health|family|housing|money|gratitude
milestone = Back at work|Left hospital|Finished the course
## word
when = this week|last week|over the weekend|since Sunday|on Monday|recently|yesterday
  |at the start of the month|since the last meeting|over the holidays|a fortnight ago
feel = anxious|hopeful|exhausted|relieved|low|angry|proud|overwhelmed|calmer|numb|nervous
  |cautiously optimistic|raw|flat|more settled
kin = her sister|his brother|their mum|her dad|his partner|the kids|an old friend|her ex
  |his son|their daughter|her nan|his flatmate
lost = her mum|his dad|their brother|her husband|his wife|their son|a close friend|her grandad
mood = quiet|warm|tense|lively|slow|heavy|hopeful|chatty
leaflet = sleep|debt advice|housing rights|bereavement support|food banks|crisis lines
service = the housing advice line|Samaritans|the debt advice service|the bereavement service
  |the social prescriber at the surgery|the recovery hub
venue = St Mark's Church Hall|Riverside Community Centre, Room 2|Quaker Meeting House
  |Central Library, meeting room 1|Fire Station Community Room|Wellbeing Hub, first floor
  |St Anne's Parish Centre|The Old School, Room 4
place = Northfield|Riverside|Old Town|Harbourside|Kingsbridge|Ashton|Brookfield|Hillcrest
  |Westgate|Eastfield|Millbank|Southbrook|Greenhill|Castleford|Elmwood|Fairview|Lakeside
hobby = football|knitting|fishing|the gym|the choir|swimming|the allotment|cooking|running
  |painting|chess|volunteering|bingo|pottery|cycling|birdwatching|the quiz night|gardening
relation = partner|friend|neighbour|housemate|key worker|parent|sibling|sponsor
fact = Prefers texts to calls.|Ground-floor room please (bad knee).|Sometimes brings her sister.
  |Works shifts, so comes when the rota allows.|Hard of hearing: sit near the front.
nick = Elizabeth:Liz|Margaret:Maggie|William:Bill|Robert:Rob|Katherine:Kate|Michael:Mike
  |Christopher:Chris|Jennifer:Jen|Samantha:Sam|Alexander:Alex|Rebecca:Becky|Thomas:Tom
tricky = Zoë O'Brien|Hope Smith-Jones|Grace Ó Súilleabháin|Siân D'Arcy|José Núñez García
  |Mary-Jane McAllister|Joy Van der Berg|Björn Øster|Patience Okonkwo-Adeyemi|Dee
  |Sam Taylor|Sam Taylor|Chloë Lee|Will Faith
## say
opener = {count} in the room tonight and a {mood} start.|Quiet group; two regulars were away.
  |Good energy tonight; a newcomer joined and was made welcome.
  |Check-in ran long, so the topic got less time than planned.
  |The room was cold again and people kept their coats on.
  |A {mood} evening: {count} came, and a guest who mostly listened.
closer = Keep an eye on {n} next week.|Remember to bring the leaflets on {leaflet}.
  |Ended on time; two people stayed behind to stack the chairs.
  |Nobody seemed at risk tonight, but worth checking in with {n}.
member = Spoke with {n} after the meeting.|Short phone call with {n}.
  |{n} asked for a quiet word at the break.|Note to self about {n}, who seemed {feel}.
support = Gave {n} the number for {service}.|Agreed to check in with {n} next week.
  |Listened, mostly; {n} said that was what was needed.|Offered to go with {n} to {service}.
follow_up = Call {n} about the housing referral|Send {n} the leaflet on {leaflet}
  |Text {n} to check in after a few missed weeks|Find the number of {service} for {n}
  |Ask {n} whether the new job is going all right|Check in with {n} before the anniversary
chore = Book the hall for next quarter|Order more leaflets on {leaflet}
  |Ask the centre to fix the heating|Find a co-facilitator to cover the holidays
about = {n} talked about {thing} {when}.|{n} is {feel} about {thing}.|{n} feels {feel} {when}.
  |{n} has been struggling with {thing} {when}.|Several people spoke about {thing}.
  |There was a long conversation about {thing}, and {n} shared first.
  |{n} brought up {thing} and the room went quiet for a while.
  |{n} asked the group for ideas about {thing}.|{n} said {thing} is on their mind {when}.
aside = Talked about {thing} {when}.|Still {feel} about {thing}.|Worried about {thing}.
  |Mentioned {thing} again; seemed {feel}.|Says {thing} is the hardest part {when}.
  |Asked for ideas about {thing}.|Feeling {feel} {when}.|Did not want to go into {thing}.
## thing
housing = the housing application|the eviction notice|rent arrears|the damp in the flat
  |a move into supported housing|sofa-surfing since the summer|the landlord's threats
  |the flat on {street}|moving to {town}|the hostel on {street}|the council's housing list
sleep = sleep|early waking|racing thoughts at three in the morning|the new sleep routine
cravings = cravings after work|cravings on payday|the off-licence on the way home
relapse = a recent relapse|the fear of relapse|a slip at a wedding|starting again after a lapse
family = tension with {kin}|seeing {kin} again|telling {kin} about the group|family rows
  |visiting {kin} in {town}|{kin} moving to {town}
work = a return-to-work meeting|a difficult manager|being signed off work|the new job
  |the new job at {employer}|night shifts at {employer}|a job interview at {employer}
grief = losing {lost}|the first Christmas without {lost}|grief that comes in waves
anniversary = a hard anniversary next month|the anniversary of the funeral|an anniversary
money = bills piling up|the debt adviser|benefit delays|lending {kin} money|food bank vouchers
health = waiting for test results|seeing the GP about low mood|chronic pain|new medication
loneliness = loneliness|living alone|joining a walking group to meet people|quiet weekends
  |getting back to {hobby}|trying {hobby} at the centre on {street}
gratitude = a short gratitude list|small wins this week|what keeps things steady
  |a day out in {town}|getting back into {hobby}
boundaries = saying no to {kin}|what is not ours to fix|stepping back without walking away
"""


def _parse(source: str) -> dict[str, dict[str, list[str]]]:
    """Section name -> key -> its items, in the order written."""
    sections: dict[str, dict[str, list[str]]] = {}
    section: dict[str, list[str]] = {}
    items: list[str] = []
    for line in source.strip().splitlines():
        if line.startswith("## "):
            section = sections.setdefault(line[3:], {})
        elif line.startswith(" "):
            items.extend(line.strip().lstrip("|").split("|"))
        else:
            key, _, value = line.partition(" = ")
            items = section[key] = value.split("|")
    return sections


TEXT = _parse(_SOURCE)
WORDS, SAY = TEXT["word"], TEXT["say"]
KINDS = ("recovery", "grief", "family", "wellbeing")
NICKNAMES = dict(pair.split(":") for pair in WORDS["nick"])
TRICKY = WORDS["tricky"]  # hyphens, apostrophes, accents, words, no surname
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PARTS_OF_DAY = ((12, "Morning"), (14, "Lunchtime"), (17, "Afternoon"), (24, "Evening"))
PRONOUNS = (("he/him", "he/they", "", ""), ("she/her", "she/they", "", ""))
STARTS, LENGTHS = ("10:00", "12:30", "14:00", "18:30", "19:00", "19:30"), ("60", "90", "120")


__all__ = [
    "DAYS",
    "DAY_NAMES",
    "KINDS",
    "LENGTHS",
    "NICKNAMES",
    "PARTS_OF_DAY",
    "PRONOUNS",
    "SAY",
    "STARTS",
    "TEXT",
    "TRICKY",
    "WORDS",
]
