//! The statute 《全国年节及纪念日放假办法》 as dated data (work in progress).
