"""The attribution stages on hand-written CoNLL-U parses: no model needed."""
from __future__ import annotations

import pytest

from attribution.parsing.conllu import read_sentences, write_sentences
from attribution.parsing import CachedParser, ConlluParser
from attribution.pipeline import analyze_article
from attribution.records import ATTRIBUTION_COLUMNS
from attribution.text import Article

from .conftest import DATA

CONLLU = (DATA / "parses" / "handwritten.conllu").read_text(encoding="utf-8")
TEXT = ("The Daily Planet reported on Monday, citing two officials briefed on the talks.\n"
        "Unnamed sources quoted by the Planet said the talks had failed.\n"
        "Mayor Ann Lee spoke on Monday. He said the talks had failed.\n"
        "It was reported that the talks had failed.\n"
        "The Post reported, citing people familiar with the talks.\n"
        "On Thursday, the same day, Putin said he was ready, adding that talks could start.\n"
        "\"We are ready,\" said Smith.\n"
        "Museum spokesperson Kristen Wilkins said the roof was safe.\n"
        "Wilkins said reports suggested it leaked.\n"
        "I think everybody knows his name.\n"
        "Trump wants talks, several of the Post's sources said.\n"
        "Kyiv did not object, two people familiar with the matter told the Post.\n"
        "Sources quoted by the Post said the talks failed.\n"
        "Trump called Putin after the election, the Post reported Sunday.\n"
        "The Post cited a source familiar with the call as saying.\n"
        "Kyiv agreed, two people familiar with the matter told the Post, adding that talks failed.\n"
        "Kyiv was informed, two people familiar with the matter told the Post.\n"
        "People familiar with the call told the Post that Kyiv had been informed.\n"
        "Sources said Trump told Putin not to escalate the war.\n"
        "The Wall Street Journal reported that talks failed.\n"
        "The Post reported the call, citing sources close to Trump.\n"
        "Jeff Rathke, the spokesperson, said we urge calm.\n"
        "Lee said a reflection is needed.\n"
        "WHO said the risk was low.\n"
        "The call lasted an hour, according to people familiar with the matter.\n"
        "Yonhap news agency said the army was ready.\n"
        "A Pentagon office said the army was ready.\n"
        "According to Yonhap, quoting KCNA, the army is on alert.\n"
        "Steve Whitmore, a spokesman for the office, told the Weekly that the case was closed.\n"
        "According to Rathbun, a detective was given the files.\n"
        "Sources quoted by the Post said Trump called Putin.\n"
        "The Post reported the talks, citing aides close to Trump.\n"
        "Trump spoke with Putin, the Post reported.\n"
        "Hernan Gomez, Panama coach, said the team learned.\n"
        "According to Rathbun the files were returned.\n"
        "The city expects visitors according to the event website.\n"
        "The show drew crowds, according to curator Elaine Gustafon.\n"
        "Academic and professor Marc Hill commented, \"Hoping for calm.\"\n"
        "\"It was worse,\" Khaled Maeena, editor at the Gazette, said.\n"
        "Moscow wants talks with Kyiv, senior officials previously said.\n"
        "\"Document found on street\" — Edmonton Sun, August 16, 2008\n"
        "The Central News Agency (KCNA) said the army was ready.\n"
        "Wilkins explained Warhol's obsession began early.\n"
        "She explained the plan, hoping for calm.\n"
        "Wikinews has learned that the site was attacked.\n"
        "He continues to write books.\n"
        "In the words of the prosecutor, Mark Lee, the case was closed.\n"
        "Trump called Putin, the Post cited a source familiar with the call as saying.\n"
        "Ann said he would like to see Kim beat Park.\n"
        "The report came after Lee said talks failed.\n"
        "According to the Herald, Professor Burrows, the chairman, said the flag was new.\n"
        "Wilkins observed that the date, which was new, coincided with the show.\n"
        "The plan is \"unworkable,\" said Smith.\n"
        "After the minister quoted a poem, the crowd cheered.\n"
        "\"We are ready,\" Smith said, \"and nothing will stop us.\"\n"
        "The coach, Ali Reza, said talks failed.\n"
        "Putin said he was ready to talk, congratulating Trump and saying he acted bravely.\n"
        "It was reported by the Post that officials knew this.\n"
        "Trump called Putin, the Post reported, citing sources close to Trump.\n"
        "Kyiv agreed and did not object, two people familiar with the matter told the Post.\n"
        "Moscow believes that Kyiv wants talks with Washington, senior officials previously said.\n"
        "I was hauled in and told that my mum had left.\n"
        "As coauthor Ann Heald told the Post, the projections are consistent.\n"
        "According to the Herald, Professor Ann Burrows, the chairman of the panel, said the flag was new.\n"
        "And in the words of the prosecutor, Mark Lee, the girl suffered.\n"
        "The Independent reported the ants were sick.\n"
        "President-elect Donald Trump spoke with Putin. Trump said talks failed.\n"
        "Trump called Putin and discussed the war, the Post reported on Sunday, citing sources close to Trump.\n"
        "Trump called Putin, the Post reported Sunday, citing several people familiar with the matter.\n"
        "The Journal reported last week that advisers proposed a freeze.\n"
        "Trump wants talks “to end the war soon,” several of the Post's sources said.\n"
        "Trump called Putin, as the Post reported.\n"
        "The minister said citing old data was misleading.\n"
        "The Post reported so many errors that it issued a correction.\n"
        "Trump spoke with Putin and discussed the war, the Post reported on Sunday, citing sources close to Trump.\n"
        "Kyiv was informed and did not object, two people familiar with the matter told the Post.\n"
        "Ann said he would like to see Kim win, but observers argue that was a ploy.\n"
        "Putin responded coolly to the election win before congratulating Trump.\n"
        "Trump ally Bryan Lanza told the BBC that peace was the focus.\n"
        "Memon said she believed the movement in Dallas helped improve trust.\n"
        "The site explains, in a satirical fashion, that the attack was prompted by a video.\n"
        "Dewar says that staff complained to the point that they can not share it.\n"
        "Professor Burrows also said kits would be sent to schools.\n"
        "Recipients, said Mauer, are required to exhibit them.\n"
        "\"I think the plan is good,\" said Ann.\n"
        "Police said the man called 911 and said he had shot his wife.\n"
        "The report found that Smith denied the claims, but Jones admitted that he had lied.\n"
        "Smith said the deal was dead, but talks will continue, a spokesman said.\n"
        "Moscow wants talks with Kyiv, senior officials and members of the elite previously said.\n")


@pytest.fixture(scope="module")
def rows(rules):
    return analyze_article(Article("p", TEXT), ConlluParser(CONLLU), rules).rows


def by_cue(rows, cue, nth=0):
    return [r for r in rows if r["cue"] == cue][nth]


def in_sentence(rows, opening, cue):
    return next(r for r in rows if r["sentence"].startswith(opening) and r["cue"] == cue)


def rows_in(rows, opening, **fields):
    """The rows of the sentence that starts so, with these field values."""
    return [r for r in rows if r["sentence"].startswith(opening)
            and all(r[name] == value for name, value in fields.items())]


def test_contract_columns_and_offsets(rows):
    assert list(rows[0]) == ATTRIBUTION_COLUMNS
    for row in rows:
        for field in ("cue", "source", "content"):
            if row[f"{field}_start"] != "":
                assert TEXT[row[f"{field}_start"]:row[f"{field}_end"]] == row[field]
    assert [r["attribution_id"] for r in rows] == [f"p:{i}" for i in range(1, len(rows) + 1)]


def test_citing_is_nested_and_secondhand(rows):
    planet = by_cue(rows, "reported")
    officials = by_cue(rows, "citing")
    assert (planet["source"], planet["source_type"], planet["secondhand"]) == (
        "The Daily Planet", "news_outlet", "true")
    assert officials["source"] == "two officials briefed on the talks"
    assert officials["parent_id"] == planet["attribution_id"]
    assert (officials["sourcing"], officials["secondhand"]) == ("anonymous", "true")
    assert officials["source_type"] == "anonymous_described"
    # several people with a stated basis, relayed: base 0.50 -0.15 +0.10 +0.10
    assert officials["strength"] == "0.55"
    assert officials["rule"] == "AT003;ST011;SM001;SM006;SM007"


def test_a_source_keeps_the_adjective_parsed_as_a_predicate_of_citing(rows):
    # "familiar" hangs on "citing" (xcomp) in this parse, as our models often put it
    row = by_cue(rows, "citing", 1)
    assert row["source"] == "people familiar with the talks"
    assert row["source_type"] == "anonymous_described"
    assert "SM007" in row["rule"].split(";")  # the stated basis of knowledge counts


def test_a_time_is_never_the_source(rows):
    # the parse gives "said" two subjects, "day" and "Putin"; "adding" borrows them
    assert by_cue(rows, "said", 2)["source"] == "Putin"
    assert by_cue(rows, "adding")["source"] == "Putin"


def test_of_two_subjects_the_one_nearest_the_cue_is_the_source(rows):
    # the parse hangs "We", inside the quote, on "said" as well as "Smith"
    row = by_cue(rows, "said", 3)
    assert (row["source"], row["source_type"]) == ("Smith", "named_person")


def test_a_name_after_its_role_is_the_source(rows):
    # the parse makes "spokesperson" the head and hangs the name from it (flat)
    row = by_cue(rows, "said", 4)
    assert row["source"] == "Museum spokesperson Kristen Wilkins"
    assert (row["source_resolved"], row["source_type"], row["sourcing"]) == (
        "Kristen Wilkins", "named_person", "named")


def test_a_name_the_tagger_missed_is_known_from_the_document(rows):
    # sentence-initial "Wilkins" tagged NOUN: capitals prove nothing there,
    # but the article named "Kristen Wilkins" a sentence before
    row = by_cue(rows, "said", 5)
    assert (row["source_resolved"], row["source_type"], row["sourcing"]) == (
        "Kristen Wilkins", "named_person", "named")


def test_a_document_nobody_identifies_is_anonymous_and_weak(rows):
    row = by_cue(rows, "suggested")
    assert (row["source"], row["source_type"], row["sourcing"]) == ("reports", "document", "anonymous")
    # document 0.70, unidentified -0.35
    assert row["rule"].split(";")[1:] == ["ST013", "SM011"]
    assert (row["strength"], row["strength_label"]) == ("0.35", "weak")


def test_a_cue_with_its_own_object_reports_no_clause(rows):
    # "knows his name" is knowledge of a thing, not a report of "I think"
    assert by_cue(rows, "think")["content"] == "everybody knows his name"
    assert not [r for r in rows if r["cue"] == "knows"]


def test_a_quantifier_source_keeps_its_of_phrase(rows):
    # the parse hangs "sources" on "talks"; "several" alone would say nothing
    row = by_cue(rows, "said", 6)
    assert row["source"] == "several of the Post's sources"
    assert (row["sourcing"], row["secondhand"], row["via"]) == ("anonymous", "true", "the Post")
    assert row["content"] == "Trump wants talks"


def test_the_noun_of_a_basis_phrase_is_not_its_holder(rows):
    # the parse makes "matter" (of "familiar with the matter") the subject of "told"
    row = by_cue(rows, "told")
    assert row["source"] == "two people familiar with the matter"
    assert (row["source_type"], row["secondhand"], row["via"]) == ("anonymous_described", "true", "the Post")
    assert "SM007" in row["rule"].split(";")


def test_a_participle_without_its_auxiliary_is_no_passive_report(rows):
    # "quoted" parsed as a clause with "Sources" its passive subject: without
    # "was" it is a noun phrase ("sources quoted by the Post"), not AT006's
    # "X was quoted as saying", whose content would be "said the talks failed"
    assert not [r for r in rows if r["cue"] == "quoted" and "AT006" in r["rule"]]


def test_a_trailing_report_parsed_as_a_relative_clause_reports_the_sentence(rows):
    # "reported" hung on "election" as a relative clause (AT011 finds the Post)
    row = [r for r in rows if r["sentence"].startswith("Trump called")][0]
    assert (row["source"], row["source_type"]) == ("the Post", "news_outlet")
    assert row["content"] == "Trump called Putin after the election"


def test_as_saying_hung_on_the_source_stays_out_of_it(rows):
    # "as saying" parsed as a participle on "call", inside the cited source's phrase
    found = [r for r in rows if r["sentence"].startswith("The Post cited")]
    assert [r["cue"] for r in found] == ["cited", "cited"]  # no "saying" of its own
    assert found[1]["source"] == "a source familiar with the call"


def test_adding_shares_the_recipient_of_the_telling_it_hangs_on(rows):
    # the subject is repaired to "people" (head "familiar"); the relay comes from "told"
    row = by_cue(rows, "adding", 1)
    assert row["source"] == "two people familiar with the matter"
    assert (row["secondhand"], row["via"]) == ("true", "the Post")


def test_quoted_by_outlet_is_relayed(rows):
    row = by_cue(rows, "said")
    assert row["source"] == "Unnamed sources quoted by the Planet"
    assert (row["via"], row["secondhand"], row["sourcing"]) == ("the Planet", "true", "anonymous")
    assert row["content"] == "the talks had failed"
    assert row["quote"] == "indirect"


def test_pronoun_resolves_to_earlier_named_person(rows):
    row = by_cue(rows, "said", 1)
    assert (row["source"], row["source_resolved"], row["source_type"], row["sourcing"]) == (
        "He", "Mayor Ann Lee", "named_person", "named")


def test_passive_without_agent_is_unattributed(rows):
    row = [r for r in rows if r["source"] == ""][0]
    assert (row["cue"], row["source"], row["sourcing"], row["strength_label"]) == (
        "reported", "", "unattributed", "weak")
    assert row["content"] == "that the talks had failed"


def test_conllu_round_trip_keeps_offsets():
    original = list(read_sentences(CONLLU))
    again = list(read_sentences(write_sentences(original)))
    assert again == original
    text, words = original[0]
    assert all(text[w.start_char:w.end_char] == w.text for w in words)


def test_cache_serves_the_second_parse(tmp_path):
    cached = CachedParser(ConlluParser(CONLLU, model_id="hand"), tmp_path)
    sentences = ["He said the talks had failed."]
    first = cached.parse(sentences)
    second = cached.parse(sentences)
    assert first == second and (cached.hits, cached.misses) == (1, 1)
    other = CachedParser(ConlluParser(CONLLU, model_id="other-model"), tmp_path)
    assert other.key(sentences) != cached.key(sentences)


def test_a_subjectless_conjunct_shares_the_nearest_earlier_subject(rows):
    told = in_sentence(rows, "Kyiv was informed", "told")  # not Kyiv
    assert (told["source"], told["sourcing"], told["via"]) == (
        "two people familiar with the matter", "anonymous", "the Post")


def test_a_subject_under_its_basis_phrase_keeps_the_phrase(rows):
    # "People" under "familiar", "with the call" under "People"
    told = in_sentence(rows, "People familiar with the call", "told")
    assert told["source"] == "People familiar with the call"
    # "that Kyiv had been informed" parsed as a relative clause on "Post" is what was told
    assert told["content"] == "that Kyiv had been informed"


def test_a_complement_clause_is_not_an_aside_of_its_head(rows):
    said = in_sentence(rows, "Sources said Trump", "said")
    told = in_sentence(rows, "Sources said Trump", "told")
    assert said["content"] == "Trump told Putin not to escalate the war"
    # the infinitive parsed as an adverbial clause is still what Trump told Putin
    assert (told["source"], told["content"]) == ("Trump", "not to escalate the war")
    assert told["parent_id"] == said["attribution_id"]


def test_a_name_split_into_two_subjects_is_one_source(rows):
    journal = [r for r in rows if r["sentence"].startswith("The Wall Street Journal")][0]
    assert (journal["source"], journal["source_type"]) == ("The Wall Street Journal", "news_outlet")


def test_citing_as_a_conjunct_still_nests_in_the_report(rows):
    reported = [r for r in rows if r["sentence"].startswith("The Post reported the call")]
    post, sources = reported
    assert (post["cue"], sources["cue"]) == ("reported", "citing")
    assert sources["source"] == "sources close to Trump"
    assert (sources["parent_id"], sources["secondhand"]) == (post["attribution_id"], "true")


def test_a_subject_hung_across_the_cue_is_the_cue_s(rows):
    said = in_sentence(rows, "Jeff Rathke", "said")  # "Jeff" parsed as the subject of "urge"
    assert (said["source"], said["rule"].split(";")[0]) == ("Jeff Rathke, the spokesperson", "AT013")
    assert said["content"] == "we urge calm"


def test_a_fallback_pattern_gives_no_second_source(rows):
    # AT013 finds "Lee" (hung on "needed"); AT010 would add the object "reflection"
    found = [r for r in rows if r["sentence"].startswith("Lee said")]
    assert [(r["source"], r["rule"].split(";")[0]) for r in found] == [("Lee", "AT013")]


def test_an_acronym_tagged_as_a_pronoun_is_a_name(rows):
    who = in_sentence(rows, "WHO said", "said")
    assert (who["source"], who["sourcing"]) == ("WHO", "named")
    assert who["source_type"] != "pronoun_unresolved"


def test_according_as_a_subordinator_still_finds_its_source(rows):
    # "according" made a mark of "familiar", "people" an oblique of "lasted"
    row = in_sentence(rows, "The call lasted", "according")
    assert (row["source"], row["sourcing"]) == ("people familiar with the matter", "anonymous")
    assert row["content"] == "The call lasted an hour"


def test_an_organisation_noun_after_a_name_is_named_by_it(rows):
    yonhap = in_sentence(rows, "Yonhap", "said")
    assert (yonhap["source"], yonhap["sourcing"], yonhap["source_type"]) == \
        ("Yonhap news agency", "named", "news_outlet")         # "news" makes it an outlet
    office = in_sentence(rows, "A Pentagon office", "said")  # one office of many: unnamed
    assert office["sourcing"] == "anonymous"


def test_quoting_hung_on_a_source_nests_in_its_report(rows):
    according = in_sentence(rows, "According to Yonhap", "According to")  # "to" hung on "Yonhap" still joins the cue
    quoting = in_sentence(rows, "According to Yonhap", "quoting")
    assert according["source"] == "Yonhap"                 # ", quoting KCNA" is not part of it
    assert quoting["source"] == "KCNA"
    assert (quoting["parent_id"], quoting["secondhand"]) == (according["attribution_id"], "true")
    assert quoting["content"] == according["content"] == "the army is on alert"


def test_a_name_with_its_apposition_parsed_as_two_subjects_is_the_source(rows):
    told = in_sentence(rows, "Steve Whitmore", "told")   # "Whitmore" and "spokesman" both subjects
    assert (told["source"], told["sourcing"]) == ("Steve Whitmore", "named")
    assert told["content"] == "that the case was closed"
    said = in_sentence(rows, "Hernan Gomez", "said")        # the apposition tagged PROPN
    assert (said["source"], said["content"]) == ("Hernan Gomez", "the team learned")


def test_according_to_x_set_off_by_a_comma_says_the_rest_however_x_is_hung(rows):
    row = in_sentence(rows, "According to Rathbun", "According to")  # "Rathbun" a modifier of "detective"
    assert (row["source"], row["content"]) == ("Rathbun", "a detective was given the files")


def test_sources_quoted_by_an_outlet_parsed_as_a_clause_keep_the_relay(rows):
    said = in_sentence(rows, "Sources quoted by the Post said Trump", "said")  # "quoted" a ccomp of "said"
    assert (said["source"], said["secondhand"], said["via"]) == ("Sources quoted by the Post", "true", "the Post")
    assert said["content"] == "Trump called Putin"


def test_a_basis_phrase_opened_by_an_adverb_stays_with_its_source(rows):
    found = [r for r in rows if r["sentence"].startswith("The Post reported the talks")]
    # "close" tagged ADV and hung on "citing": still "aides close to Trump", one source
    assert [(r["cue"], r["source"]) for r in found] == [("reported", "The Post"), ("citing", "aides close to Trump")]


def test_a_trailing_report_parsed_as_a_conjunct_reports_the_clause_before_it(rows):
    row = in_sentence(rows, "Trump spoke with Putin", "reported")   # "reported" a conj of "spoke"
    assert (row["source"], row["content"]) == ("the Post", "Trump spoke with Putin")


def test_according_to_x_without_a_comma_at_either_end_says_the_rest(rows):
    opening = in_sentence(rows, "According to Rathbun the files", "According to")  # "Rathbun" on "files"
    assert (opening["source"], opening["content"]) == ("Rathbun", "the files were returned")
    closing = in_sentence(rows, "The city expects", "according to")   # "website" on "visitors"
    assert (closing["source"], closing["content"]) == ("the event website", "The city expects visitors")


def test_according_to_hung_on_part_of_a_name_takes_the_whole_name(rows):
    row = in_sentence(rows, "The show drew crowds", "according to")   # "according" on "curator", a compound
    assert (row["source"], row["sourcing"]) == ("curator Elaine Gustafon", "named")
    assert row["content"] == "The show drew crowds"


def test_a_quotation_right_after_the_cue_is_what_was_said(rows):
    row = in_sentence(rows, "Academic and professor", "commented")   # the quotation an advcl
    assert row["content"] == '"Hoping for calm."'
    assert row["quote"] == "direct"
    # the name parsed as a third conjunct of its roles still names the source
    assert (row["source"], row["sourcing"]) == ("Academic and professor Marc Hill", "named")


def test_a_subjectless_said_after_a_name_and_its_apposition_takes_the_name(rows):
    row = in_sentence(rows, '"It was worse,"', "said")   # "Khaled" a subject of "worse"
    assert (row["source"], row["sourcing"], row["rule"].split(";")[0]) == ("Khaled Maeena", "named", "AT015")
    assert row["content"] == '"It was worse,"'


def test_a_sentence_final_said_after_a_comma_takes_the_phrase_before_it(rows):
    row = in_sentence(rows, "Moscow wants talks", "said")   # "officials" a conjunct of "Kyiv"
    assert (row["source"], row["sourcing"], row["rule"].split(";")[0]) == ("senior officials", "anonymous", "AT021")
    assert row["content"] == "Moscow wants talks with Kyiv"


def test_a_headline_signed_with_a_dash_and_a_name_is_attributed_to_the_name(rows):
    # a source list's line: the dash hangs on the name, the date is the name's apposition
    row = in_sentence(rows, '"Document found on street"', "—")
    assert (row["source"], row["rule"].split(";")[0]) == ("Edmonton Sun", "AT022")
    assert (row["content"], row["quote"]) == ('"Document found on street"', "direct")


def test_a_source_keeps_the_bracket_it_opens(rows):
    row = in_sentence(rows, "The Central News Agency", "said")
    assert row["source"] == "The Central News Agency (KCNA)"


def test_a_reported_clause_the_parser_cut_after_its_subject_is_what_was_said(rows):
    # "obsession" parsed as the object of "explained", "began" as a second clause
    row = in_sentence(rows, "Wilkins explained", "explained")
    assert (row["source"], row["content"]) == ("Wilkins", "Warhol's obsession began early")
    # an object followed by a participle is no reported clause: "explain" needs content
    assert not [r for r in rows if r["sentence"].startswith("She explained the plan")]
    # "that" hung on "date", a second subject of "observed", and "coincided" its conjunct
    row = in_sentence(rows, "Wilkins observed", "observed")
    assert (row["source"], row["content"]) == ("Wilkins", "that the date, which was new, coincided with the show")


def test_a_verb_that_reports_only_with_a_clause_needs_one(rows):
    row = in_sentence(rows, "Wikinews has learned", "learned")
    assert (row["source"], row["content"], row["rule"].split(";")[0]) == (
        "Wikinews", "that the site was attacked", "AT023")
    # "to write" hung as a ccomp is still an infinitive, no reported clause (not_mark)
    assert not [r for r in rows if r["sentence"].startswith("He continues")]


def test_in_the_words_of_a_role_named_after_a_comma(rows):
    row = in_sentence(rows, "In the words of", "In the words")
    assert (row["source"], row["content"], row["rule"].split(";")[0]) == (
        "the prosecutor", "the case was closed", "AT024")
    # "Mark Lee" hung on "words", not on "prosecutor", still names the role
    assert row["sourcing"] == "named"


def test_a_basis_phrase_on_whom_the_cue_cites_is_not_what_was_said(rows):
    # "familiar" parsed as a complement of "cited", the clause before as its head
    row = in_sentence(rows, "Trump called Putin, the Post cited", "cited")
    assert (row["source"], row["content"]) == ("the Post", "Trump called Putin")


def test_complements_side_by_side_are_one_reported_clause(rows):
    row = in_sentence(rows, "Ann said he would like", "said")   # "like" and "beat" both ccomps
    assert row["content"] == "he would like to see Kim beat Park"


def test_a_complement_after_the_cue_is_what_was_said_before_one_in_front(rows):
    row = in_sentence(rows, "The report came after", "said")   # "came" a ccomp of "said" too
    assert (row["source"], row["content"]) == ("Lee", "talks failed")


def test_a_conjunct_without_and_is_no_part_of_the_source(rows):
    # "Burrows" parsed as a conjunct of "Herald": no list, the next phrase
    row = in_sentence(rows, "According to the Herald,", "According to")
    assert row["source"] == "the Herald"


def test_a_quoted_word_before_the_cue_is_not_all_that_was_said(rows):
    row = in_sentence(rows, "The plan is", "said")
    assert (row["content"], row["quote"]) == ('The plan is "unworkable,"', "mixed")


def test_what_a_quote_verb_quotes_is_no_report_of_the_clause_around_it(rows):
    row = in_sentence(rows, "After the minister quoted", "quoted")
    assert row["content"] == ""


def test_a_quotation_split_by_its_cue_keeps_its_first_part(rows):
    # both parts parsed as complements of "said"; the first is set off by its comma
    row = in_sentence(rows, '"We are ready," Smith said', "said")
    assert row["content"] == '"We are ready,"'


def test_a_role_keeps_its_name_parsed_as_a_conjunct(rows):
    row = in_sentence(rows, "The coach, Ali Reza", "said")
    assert (row["source"], row["sourcing"]) == ("The coach, Ali Reza", "named")


def test_a_participle_set_off_inside_what_was_said_is_the_speakers_own(rows):
    # "congratulating ... and saying" hung on "talk", inside what Putin said
    row = in_sentence(rows, "Putin said he was ready to talk", "saying")
    assert (row["source"], row["parent_id"], row["content"]) == ("Putin", "", "he acted bravely")
    # ... and no part of what Putin said
    assert in_sentence(rows, "Putin said he was ready to talk", "said")["content"] == "he was ready to talk"


def test_a_that_clause_parsed_as_relative_on_the_agent_is_what_was_said(rows):
    # "that" tagged an object of "knew", which has its object "this": a subordinator
    row = in_sentence(rows, "It was reported by the Post", "reported")
    assert (row["source"], row["content"], row["rule"].split(";")[0]) == (
        "the Post", "that officials knew this", "AT007")


def test_citing_whose_source_is_the_subject_of_close_nests_in_the_report_above(rows):
    # "citing" an amod of "sources", "sources" the subject of "close", "close" on "reported"
    report = in_sentence(rows, "Trump called Putin, the Post reported, citing", "reported")
    row = in_sentence(rows, "Trump called Putin, the Post reported, citing", "citing")
    assert (row["source"], row["parent_id"], row["content"]) == (
        "sources close to Trump", report["attribution_id"], "Trump called Putin")


def test_a_trailing_report_whose_source_the_parser_split_reports_the_sentence(rows):
    # "people familiar" hung on "object" (advcl), "matter" the subject of "told",
    # "told" a conjunct of "agreed": the comma before the source sets it off
    row = in_sentence(rows, "Kyiv agreed and did not object", "told")
    assert (row["source"], row["content"]) == (
        "two people familiar with the matter", "Kyiv agreed and did not object")


def test_a_bare_speech_verb_after_the_reported_clause_reports_the_sentence(rows):
    # "said" a second complement of "believes", "officials" a conjunct of "Washington"
    officials = in_sentence(rows, "Moscow believes that Kyiv", "said")
    moscow = in_sentence(rows, "Moscow believes that Kyiv", "believes")
    assert (officials["source"], officials["content"]) == (
        "senior officials", "Moscow believes that Kyiv wants talks with Washington")
    assert (moscow["content"], moscow["parent_id"]) == (
        "that Kyiv wants talks with Washington", officials["attribution_id"])


def test_a_conjunct_of_a_passive_that_needs_a_recipient_is_passive_too(rows):
    # "told" tagged finite, a conjunct of passive "hauled": "I" was told, and told nobody
    told = [r for r in rows if r["sentence"].startswith("I was hauled in") and r["cue"] == "told"]
    assert [r["source"] for r in told if r["source"]] == []


def test_as_name_told_is_the_names_even_when_told_hangs_on_the_clause(rows):
    # "coauthor" an oblique of "told" (case "as"), "told" an adverbial clause of
    # "consistent": the subject of "consistent" is not the teller
    row = in_sentence(rows, "As coauthor Ann Heald", "told")
    assert (row["source"], row["content"]) == ("coauthor Ann Heald", "the projections are consistent")


def test_commas_hung_elsewhere_do_not_cut_a_source_or_what_was_said(rows):
    # the commas after "Herald" and "Burrows" and "panel" all hang on "Herald";
    # "Ann" hangs on "chairman" (nmod), before it
    opening = "According to the Herald, Professor Ann"
    said = in_sentence(rows, opening, "said")
    assert (said["source"], said["sourcing"], said["source_resolved"]) == (
        "Professor Ann Burrows, the chairman of the panel", "named", "Professor Ann Burrows")
    herald = in_sentence(rows, opening, "According to")
    assert herald["content"] == "Professor Ann Burrows, the chairman of the panel, said the flag was new"


def test_a_name_set_off_by_commas_after_a_role_names_it_whatever_it_hangs_on(rows):
    # "Mark" parsed as a second subject of "suffered"
    row = in_sentence(rows, "And in the words of", "in the words")
    assert (row["source"], row["sourcing"], row["source_resolved"]) == ("the prosecutor", "named", "Mark Lee")


def test_an_outlet_the_tagger_took_for_an_adjective_is_still_named(rows):
    row = in_sentence(rows, "The Independent reported", "reported")
    assert (row["source"], row["source_type"], row["sourcing"]) == ("The Independent", "news_outlet", "named")


def test_the_tail_of_a_hyphenated_title_is_not_part_of_the_name(rows):
    # the tagger calls "elect" in "President-elect" a name and the parser hangs
    # "Donald Trump" on it: the full name of "Trump" is still "Donald Trump"
    row = in_sentence(rows, "Trump said talks", "said")
    assert (row["source"], row["source_resolved"]) == ("Trump", "Donald Trump")


def test_a_citing_phrase_parsed_as_the_reports_complement_is_not_what_was_reported(rows):
    # "close" a complement (xcomp) of "reported", with "sources" its subject
    # and "citing" hung on "sources"
    opening = "Trump called Putin and discussed"
    post = in_sentence(rows, opening, "reported")
    sources = in_sentence(rows, opening, "citing")
    assert (post["source"], post["content"]) == ("the Post", "Trump called Putin and discussed the war")
    assert (sources["source"], sources["parent_id"]) == ("sources close to Trump", post["attribution_id"])
    assert sources["content"] == post["content"]


def test_people_hung_on_familiar_under_citing_are_the_cited_source_with_their_basis(rules, rows):
    # "familiar" a complement (xcomp) of "citing", "people" hung on "familiar" (AT025)
    opening = "Trump called Putin, the Post reported Sunday"
    post = in_sentence(rows, opening, "reported")
    people = in_sentence(rows, opening, "citing")
    assert people["source"] == "several people familiar with the matter"
    assert (people["parent_id"], people["secondhand"]) == (post["attribution_id"], "true")
    assert people["rule"].split(";")[0] == "AT025"
    assert "SM007" in people["rule"].split(";")  # the stated basis counts


def test_a_that_clause_parsed_as_an_adverbial_clause_is_what_was_reported(rows):
    row = in_sentence(rows, "The Journal reported last week", "reported")
    assert (row["source"], row["content"]) == ("The Journal", "that advisers proposed a freeze")


def test_a_report_set_off_by_comma_and_closing_quote_reports_the_whole_clause(rows):
    # ',”' before the source, and "soon" hung on the source's "several"
    row = in_sentence(rows, "Trump wants talks “to end", "said")
    assert (row["source"], row["content"]) == ("several of the Post's sources", "Trump wants talks “to end the war soon")


def test_words_of_a_report_before_its_source_stay_out_of_what_was_reported(rows):
    row = in_sentence(rows, "Trump called Putin, as the Post", "reported")
    assert (row["source"], row["content"]) == ("the Post", "Trump called Putin")


def test_a_citing_clause_that_is_what_was_said_stays_content(rows):
    row = in_sentence(rows, "The minister said citing", "said")
    assert row["content"] == "citing old data was misleading"


def test_a_result_clause_after_so_is_not_what_was_reported(rows):
    contents = [r["content"] for r in rows if r["sentence"].startswith("The Post reported so many")]
    assert "that it issued a correction" not in contents


def test_whom_a_report_cites_parsed_as_its_object_is_not_what_it_reports(rows):
    # "sources" the object of "reported", with "citing" its modifier
    post = in_sentence(rows, "Trump spoke with Putin and discussed", "reported")
    sources = in_sentence(rows, "Trump spoke with Putin and discussed", "citing")
    assert (post["source"], post["content"]) == ("the Post", "Trump spoke with Putin and discussed the war")
    assert (sources["source"], sources["parent_id"]) == ("sources close to Trump", post["attribution_id"])


def test_a_report_after_coordinated_clauses_hung_on_the_last_reports_them_all(rows):
    # "told" an adverbial clause of the second conjunct, "object"
    row = in_sentence(rows, "Kyiv was informed and did not object", "told")
    assert (row["source"], row["content"]) == (
        "two people familiar with the matter", "Kyiv was informed and did not object")


def test_a_report_of_its_own_after_but_is_not_part_of_what_was_said(rows):
    # "argue", with its own subject and "but", hung as a conjunct inside Ann's clause
    ann = in_sentence(rows, "Ann said he would like to see Kim win", "said")
    observers = in_sentence(rows, "Ann said he would like to see Kim win", "argue")
    assert ann["content"] == "he would like to see Kim win"
    assert (observers["source"], observers["content"]) == ("observers", "that was a ploy")
    assert observers["parent_id"] == ""


def test_a_bare_infinitive_hung_on_a_cue_is_not_what_was_said(rows):
    # "win", a noun, tagged as a verb and made a complement of "responded"
    assert not rows_in(rows, "Putin responded coolly")


def test_a_name_keeps_every_word_hung_inside_it(rows):
    # "Bryan" and "Lanza" both flat on "ally", itself flat on "Trump"
    row = in_sentence(rows, "Trump ally Bryan Lanza", "told")
    assert (row["source"], row["source_resolved"]) == ("Trump ally Bryan Lanza", "Trump ally Bryan Lanza")


def test_a_name_hung_on_the_verb_tagged_tail_of_a_title_is_still_a_name(rules):
    # "elect" tagged a verb and made the subject, "Donald Trump" flat on it;
    # a document of its own, so that no other "Donald Trump" gives the name
    text = "U.S. President-elect Donald Trump called Putin. Trump said talks failed."
    rows = analyze_article(Article("elect", text), ConlluParser(CONLLU), rules).rows
    row = in_sentence(rows, "Trump said talks", "said")
    assert (row["source"], row["source_resolved"]) == ("Trump", "Donald Trump")


def test_a_reported_clause_cut_after_its_subject_into_a_second_complement_above(rows):
    # "helped" a second complement of "said" instead of "believed"'s, with
    # "movement" the object of "believed"
    memon = in_sentence(rows, "Memon said she believed", "said")
    she = in_sentence(rows, "Memon said she believed", "believed")
    assert memon["content"] == "she believed the movement in Dallas helped improve trust"
    assert (she["source"], she["content"]) == ("she", "the movement in Dallas helped improve trust")
    assert she["parent_id"] == memon["attribution_id"]


def test_a_that_clause_hung_on_a_phrase_of_the_cue_is_what_was_said(rows):
    # "prompted" a relative clause of "fashion", though "that" is its subordinator
    row = in_sentence(rows, "The site explains", "explains")
    assert (row["source"], row["content"]) == ("The site", "that the attack was prompted by a video")


def test_a_that_clause_completing_a_noun_of_the_cue_is_not_what_was_said(rows):
    # "the point that they can not share it": no comma, so not a misattached complement
    assert not rows_in(rows, "Dewar says", cue="complained")


def test_the_subject_of_the_reported_clause_hung_on_the_cue_stays_in_the_clause(rows):
    # "kits" a second subject of "said", right before its subjectless complement
    row = in_sentence(rows, "Professor Burrows also said", "said")
    assert (row["source"], row["content"]) == ("Professor Burrows", "kits would be sent to schools")


def test_the_subject_of_an_interjected_report_is_its_source(rows):
    # "Mauer" right before the complement, but a comma closes "said Mauer"
    row = in_sentence(rows, "Recipients, said Mauer", "said")
    assert row["source"] == "Mauer"


def test_a_reported_clause_cut_after_its_subject_before_its_copula(rows):
    # "good" (with "is" its copula) a second complement of "said", "plan" the object of "think"
    row = in_sentence(rows, "\"I think the plan", "think")
    assert (row["source"], row["content"]) == ("I", "the plan is good")


def test_a_speech_verb_conjoined_inside_what_was_said_keeps_its_own_subject(rows):
    # correctly parsed: the man said it, not the police (a repair that gave
    # such a "said" the speaker above was tried and dropped in session 12)
    row = rows_in(rows, "Police said the man", cue="said")[1]
    assert (row["source"], row["content"]) == ("the man", "he had shot his wife")


def test_a_report_joined_by_but_inside_a_that_clause_is_part_of_it(rows):
    found = in_sentence(rows, "The report found", "found")
    jones = in_sentence(rows, "The report found", "admitted")
    assert found["content"] == "that Smith denied the claims, but Jones admitted that he had lied"
    assert jones["parent_id"] == found["attribution_id"]


def test_a_report_after_a_conjunct_with_its_own_subject_covers_that_conjunct(rows):
    spokesman = rows_in(rows, "Smith said the deal", source="a spokesman")[0]
    assert spokesman["content"].endswith("talks will continue")
    assert "Smith said" not in spokesman["content"]


def test_a_trailing_source_split_into_the_list_before_it_is_whole(rows):
    # the shape the run-21 parser gives the bundled article's "... relations with
    # Washington, senior officials and members ...": one list, "elite" on "officials"
    row = in_sentence(rows, "Moscow wants talks with Kyiv, senior officials and", "said")
    assert (row["source"], row["content"]) == (
        "senior officials and members of the elite", "Moscow wants talks with Kyiv")

