from nlp.sentences import segment, split_sentences


def test_empty_input_gives_empty_tuple():
    assert split_sentences("") == ()
    assert split_sentences("   \n ") == ()
    assert segment("") == ""


def test_document_numbers_and_dates_do_not_split():
    text = "Căn cứ Kế hoạch số 45-KH/HU ngày 05/9/2016 và Quyết định 52/2016/QĐ-TTg, huyện đã triển khai."
    assert split_sentences(text) == (text,)


def test_abbreviations_keep_the_sentence_together():
    got = split_sentences("TP. Sơn Hà có 12 phường. ThS. Lê Hoàng Nam trình bày tham luận tại hội nghị.")
    assert got == ("TP. Sơn Hà có 12 phường.", "ThS. Lê Hoàng Nam trình bày tham luận tại hội nghị.")
    assert split_sentences("Q. Bình Sơn tổ chức 4 lớp tập huấn.") == ("Q. Bình Sơn tổ chức 4 lớp tập huấn.",)


def test_decimals_and_thousands_stay_inside_numbers():
    got = split_sentences("Đã lắp 1.234 cụm loa với kinh phí 2,5 tỷ đồng. Tỷ lệ đạt 98,5%.")
    assert got == ("Đã lắp 1.234 cụm loa với kinh phí 2,5 tỷ đồng.", "Tỷ lệ đạt 98,5%.")


def test_list_numbering_is_glued_to_its_item():
    got = split_sentences("1. Rà soát các cụm loa hư hỏng. 2. Bổ sung kinh phí cho xã khó khăn.")
    assert got == ("1. Rà soát các cụm loa hư hỏng.", "2. Bổ sung kinh phí cho xã khó khăn.")


def test_runin_label_stays_with_its_sentence():
    got = split_sentences("Về hạn chế: một số bảng tin chậm đổi mới nội dung. Tuy vậy, đã có cải thiện.")
    assert got[0] == "Về hạn chế: một số bảng tin chậm đổi mới nội dung."
    assert len(got) == 2


def test_segment_joins_compounds():
    assert "kinh_phí" in segment("Kinh phí còn hạn hẹp.").casefold()
